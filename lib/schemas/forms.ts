/**
 * Schemas for the HTML forms. They reuse the API's field schemas (lib/schemas/auth.ts) so a
 * form and its API twin accept the same values, and add what only forms need: text inputs
 * turned into numbers, lists and money, and errors keyed by the form's own field names.
 */
import { z } from "zod";
import { DisplayName, Email, Password, type ProfilePatchInput, ROLES, Skill } from "./auth.ts";

export const SignupForm = z.object({
  role: z.enum(ROLES, { message: "Choose whether you want to hire or to work." }),
  displayName: DisplayName,
  email: Email,
  password: Password,
}).refine((f) => f.password.trim().toLowerCase() !== f.email, {
  message: "Your password cannot be your email address.",
  path: ["password"],
});

export const LoginForm = z.object({
  email: Email,
  password: z.string().min(1, { message: "Enter your password." }).max(256),
});

export const EmailForm = z.object({ email: Email });

export const ResetPasswordForm = z.object({
  token: z.string().min(1, { message: "This reset link is incomplete." }).max(200),
  password: Password,
});

export const ChangePasswordForm = z.object({
  currentPassword: z.string().min(1, { message: "Enter your current password." }).max(256),
  newPassword: Password,
}).refine((f) => f.currentPassword !== f.newPassword, {
  message: "Choose a password different from the current one.",
  path: ["newPassword"],
});

/** Currencies offered in the rate picker, with their number of minor-unit digits. */
export const CURRENCIES: Record<string, number> = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  INR: 2,
  CAD: 2,
  AUD: 2,
  CHF: 2,
  SEK: 2,
  JPY: 0,
};

/** Minor units (integer) → the decimal text a person types, e.g. 2550 USD → "25.50". */
export function formatMajor(amountMinor: number, currency: string): string {
  const digits = CURRENCIES[currency] ?? 2;
  if (digits === 0) return String(amountMinor);
  const s = String(amountMinor).padStart(digits + 1, "0");
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** "25.5" → 2550 without floating point; undefined when the text is not an amount. */
export function parseMajor(text: string, currency: string): number | undefined {
  const digits = CURRENCIES[currency] ?? 2;
  const m = text.match(/^(\d{1,9})(?:[.,](\d+))?$/);
  if (!m || (m[2]?.length ?? 0) > digits) return undefined;
  const frac = (m[2] ?? "").padEnd(digits, "0");
  const minor = Number(m[1]) * 10 ** digits + (digits ? Number(frac) : 0);
  return minor <= 1_000_000_000 ? minor : undefined;
}

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, { message: `Keep ${label} under ${max} characters.` }).optional();

/** A coordinate typed as text: undefined when empty, NaN when not a number in range. */
function toCoordinate(text: string | undefined, limit: number): number | undefined {
  if (!text) return undefined;
  const n = Number(text);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : NaN;
}

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/**
 * The profile form. A field missing from the post is left unchanged (a client's form has no
 * rate or skills); a field sent empty clears it.
 */
export const ProfileForm = z.object({
  displayName: DisplayName,
  headline: optionalText(120, "the headline"),
  bio: optionalText(5000, "your bio"),
  skills: z.string().max(2000).optional().transform((v, ctx) => {
    if (v === undefined) return undefined;
    const list = [...new Set(v.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean))];
    if (list.length > 30) {
      ctx.addIssue({ code: "custom", message: "List at most 30 skills." });
      return z.NEVER;
    }
    for (const skill of list) {
      const r = Skill.safeParse(skill);
      if (!r.success) {
        ctx.addIssue({
          code: "custom",
          message: `“${skill.slice(0, 40)}”: ${
            skill.length > 40 ? "keep each skill under 40 characters." : r.error.issues[0].message
          }`,
        });
        return z.NEVER;
      }
    }
    return list;
  }),
  rateAmount: z.string().trim().optional(),
  rateCurrency: z.string().trim().optional(),
  locationName: optionalText(120, "the place name"),
  lat: z.string().trim().optional(),
  lng: z.string().trim().optional(),
  timezone: z.string().trim().max(64).optional().refine((v) => !v || isTimeZone(v), {
    message: "Choose a time zone from the list.",
  }),
})
  // These checks read only the raw text fields, so they run even when another field failed:
  // the form then shows every problem at once.
  .refine((f) => !f.rateAmount || /^[A-Z]{3}$/.test(f.rateCurrency ?? ""), {
    path: ["rateCurrency"],
    message: "Choose a currency.",
    when: () => true,
  })
  .refine((f) => !f.rateAmount || parseMajor(f.rateAmount, f.rateCurrency ?? "") !== undefined, {
    path: ["rateAmount"],
    message: "Enter an amount like 25 or 25.50 (whole numbers for JPY).",
    when: () => true,
  })
  .refine((f) => !Number.isNaN(toCoordinate(f.lat, 90)), {
    path: ["lat"],
    message: "Latitude is a number from -90 to 90.",
    when: () => true,
  })
  .refine((f) => !Number.isNaN(toCoordinate(f.lng, 180)), {
    path: ["lng"],
    message: "Longitude is a number from -180 to 180.",
    when: () => true,
  })
  .refine((f) => Boolean(f.lat) === Boolean(f.lng) && (!f.locationName || Boolean(f.lat)), {
    path: ["lat"],
    message: "Enter both latitude and longitude, or leave the location empty.",
    when: () => true,
  })
  .transform((f): ProfilePatchInput => {
    const patch: ProfilePatchInput = { displayName: f.displayName };
    if (f.headline !== undefined) patch.headline = f.headline;
    if (f.bio !== undefined) patch.bio = f.bio;
    if (f.skills !== undefined) patch.skills = f.skills;
    if (f.rateAmount !== undefined) {
      patch.hourlyRate = f.rateAmount && f.rateCurrency
        ? { amountMinor: parseMajor(f.rateAmount, f.rateCurrency)!, currency: f.rateCurrency }
        : null;
    }
    const lat = toCoordinate(f.lat, 90), lng = toCoordinate(f.lng, 180);
    if (f.locationName !== undefined || f.lat !== undefined) {
      patch.location = lat !== undefined && lng !== undefined
        ? { name: f.locationName ?? "", lat, lng }
        : null;
    }
    if (f.timezone !== undefined) patch.timezone = f.timezone || null;
    return patch;
  });
