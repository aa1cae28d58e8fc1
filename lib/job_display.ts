/**
 * Job vocabulary and money text without zod, so the search island can use it in the browser:
 * the fixed categories and priority tags, and budgets formatted with integer maths.
 */
export const CATEGORIES = [
  "design",
  "development",
  "writing",
  "translation",
  "marketing",
  "admin",
  "home-repair",
  "cleaning",
  "moving",
  "delivery",
  "tutoring",
  "photography",
  "other",
] as const;
export type Category = typeof CATEGORIES[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  design: "Design",
  development: "Development",
  writing: "Writing",
  translation: "Translation",
  marketing: "Marketing",
  admin: "Admin & data entry",
  "home-repair": "Home repair",
  cleaning: "Cleaning",
  moving: "Moving",
  delivery: "Delivery",
  tutoring: "Tutoring",
  photography: "Photography",
  other: "Other",
};

/** Tags a client may put on a task; all free (there is no paid "featured" placement). */
export const PRIORITY_TAGS = ["urgent", "flexible", "weekend", "evening", "long-term"] as const;
export const PRIORITY_LABELS: Record<typeof PRIORITY_TAGS[number], string> = {
  urgent: "Urgent",
  flexible: "Flexible dates",
  weekend: "Weekend",
  evening: "Evenings",
  "long-term": "Long-term",
};

/** Currencies offered in budget pickers. */
export const BUDGET_CURRENCIES = ["USD", "EUR", "GBP", "INR", "CAD", "AUD", "CHF", "SEK", "JPY"];
const ZERO_DECIMAL = new Set(["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF"]);

export function minorDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : 2;
}

/** 250000 USD → "2,500"; 2550 USD → "25.50" (cents shown only when there are any). */
export function formatAmount(minor: number, currency: string): string {
  const unit = 10 ** minorDigits(currency);
  const whole = Math.trunc(minor / unit);
  const frac = minor % unit;
  const text = whole.toLocaleString("en");
  return frac === 0 ? text : `${text}.${String(frac).padStart(minorDigits(currency), "0")}`;
}

/** "GBP 50–80", "USD 25 /h". */
export function formatBudget(
  b: { type: "fixed" | "hourly"; minMinor: number; maxMinor: number; currency: string },
): string {
  const range = b.minMinor === b.maxMinor
    ? formatAmount(b.minMinor, b.currency)
    : `${formatAmount(b.minMinor, b.currency)}–${formatAmount(b.maxMinor, b.currency)}`;
  return `${b.currency} ${range}${b.type === "hourly" ? " /h" : ""}`;
}

/** Minor units → what a person types: 2550 → "25.50", 2500 → "25". */
export function amountInput(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0 || minor % 10 ** digits === 0) return String(minor / 10 ** digits);
  const s = String(minor).padStart(digits + 1, "0");
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** "25.5" → 2550 with no floating point; undefined when the text is not an amount. */
export function parseAmount(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const m = text.trim().match(/^(\d{1,9})(?:[.,](\d+))?$/);
  if (!m || (m[2]?.length ?? 0) > digits) return undefined;
  const frac = (m[2] ?? "").padEnd(digits, "0");
  const minor = Number(m[1]) * 10 ** digits + (digits ? Number(frac) : 0);
  return minor <= 1_000_000_000 ? minor : undefined;
}
