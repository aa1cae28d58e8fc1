/**
 * Proposal schemas, shared by the API (validation + OpenAPI) and the apply / review pages.
 * Money travels as `{amountMinor, currency}`; a quote is always in the job's currency.
 */
import { z } from "zod";
import { PROPOSAL_STATUSES } from "@/lib/lifecycles.ts";
import { CURRENCIES, parseMajor } from "@/lib/schemas/forms.ts";
import { AttachmentView } from "@/lib/schemas/jobs.ts";

export const Id = z.string().min(1).max(64);
export const IdParams = z.strictObject({ id: Id });

export const MoneyView = z.object({
  amountMinor: z.int(),
  currency: z.string(),
}).meta({ id: "MoneyView" });

/** A positive amount in minor units; the currency must match the job's or contract's. */
export const PositiveMoney = z.strictObject({
  amountMinor: z.int({ message: "Enter the amount in whole minor units (cents)." })
    .min(1, { message: "The amount must be more than zero." })
    .max(1_000_000_000, { message: "That amount is too large." }),
  currency: z.string().regex(/^[A-Z]{3}$/, { message: "Use a 3-letter ISO currency code." }),
}).meta({ id: "PositiveMoney" });

/** Upload ids from POST /api/v1/uploads, attached to the new object. */
export const UploadIds = z.array(Id).max(10, { message: "Attach at most 10 files." })
  .transform((ids) => [...new Set(ids)]);

export const COVER_MIN = 20;
export const COVER_MAX = 5000;
export const CoverLetter = z.string().trim()
  .min(COVER_MIN, { message: `Write at least ${COVER_MIN} characters about your approach.` })
  .max(COVER_MAX, { message: `Keep the cover letter under ${COVER_MAX} characters.` });

export const InstantProposalBody = z.strictObject({
  kind: z.literal("instant"),
  message: z.string().trim().max(COVER_MAX).optional()
    .describe("An optional note to the client; the amount is the posted budget."),
}).meta({ id: "InstantProposalBody" });

export const QuoteProposalBody = z.strictObject({
  kind: z.literal("quote"),
  amount: PositiveMoney,
  durationDays: z.int({ message: "Enter the number of days." })
    .min(1, { message: "Allow at least one day." })
    .max(365, { message: "Keep it within 365 days." }),
  coverLetter: CoverLetter,
  attachments: UploadIds.default([]),
}).meta({ id: "QuoteProposalBody" });

/**
 * `instant`: apply at the posted budget (the maximum of a fixed budget, the minimum rate of an
 * hourly one). `quote`: your own amount (in the job's currency), duration and cover letter.
 */
export const ProposalCreateBody = z.discriminatedUnion("kind", [
  InstantProposalBody,
  QuoteProposalBody,
], { message: 'Choose kind "instant" or "quote".' }).meta({ id: "ProposalCreateBody" });

export const PaymentMode = z.enum(["escrow", "direct"]);

export const AcceptProposalBody = z.strictObject({
  paymentMode: PaymentMode.default("escrow")
    .describe("How the first milestone is paid: funds held (escrow) or directly."),
}).meta({ id: "AcceptProposalBody" });

export const EmptyBody = z.strictObject({}).meta({ id: "EmptyBody" });

export const ProposalStatus = z.enum(PROPOSAL_STATUSES);
export const ProposalListQuery = z.strictObject({
  status: ProposalStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const ProposalView = z.object({
  id: z.string(),
  job: z.object({ id: z.string(), title: z.string(), status: z.string() }),
  worker: z.object({
    id: z.string(),
    displayName: z.string(),
    headline: z.string(),
  }),
  kind: z.enum(["instant", "quote"]),
  amount: MoneyView,
  durationDays: z.int().nullable(),
  coverLetter: z.string(),
  status: ProposalStatus,
  attachments: z.array(AttachmentView),
  /** Set once the proposal was accepted. */
  contractId: z.string().nullable(),
  firstResponseAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: "ProposalView" });

export const ProposalList = z.object({ items: z.array(ProposalView) }).meta({
  id: "ProposalList",
});

export type ProposalCreateInput = z.infer<typeof ProposalCreateBody>;
export type ProposalViewT = z.infer<typeof ProposalView>;
export { AttachmentView };
export type { AttachmentViewT } from "@/lib/schemas/jobs.ts";
export type MoneyViewT = z.infer<typeof MoneyView>;
export type PaymentModeT = z.infer<typeof PaymentMode>;

/**
 * Minor units → a display string such as "€1,250.00" or "¥300", without floating point
 * (Intl formats the exact decimal string). Unknown currency codes fall back to "12.50 XYZ".
 */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = CURRENCIES[currency] ?? 2;
  const negative = amountMinor < 0;
  const s = String(Math.abs(amountMinor)).padStart(digits + 1, "0");
  const decimal = digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
  try {
    const text = new Intl.NumberFormat("en", {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(decimal as Intl.StringNumericLiteral);
    return negative ? `−${text}` : text;
  } catch {
    return `${negative ? "−" : ""}${decimal} ${currency}`;
  }
}

/** Major-unit text ("120" or "120.50") → minor units in `currency`, for the HTML forms. */
function moneyText(currency: string, label: string) {
  return z.string().trim().min(1, { message: `Enter ${label}.` }).transform((text, ctx) => {
    const minor = parseMajor(text, currency);
    if (minor === undefined || minor <= 0) {
      ctx.addIssue({
        code: "custom",
        message: `Enter an amount like 120 or 120.50${
          (CURRENCIES[currency] ?? 2) === 0 ? ` (whole ${currency})` : ""
        }.`,
      });
      return z.NEVER;
    }
    return { amountMinor: minor, currency };
  });
}

/** The apply page's quote form, in the job's currency; files come separately. */
export function quoteForm(currency: string) {
  return z.object({
    amount: moneyText(currency, "your price"),
    durationDays: z.string().trim().regex(/^\d{1,3}$/, { message: "Enter a number of days." })
      .transform(Number).pipe(
        z.int().min(1, { message: "Allow at least one day." }).max(365, {
          message: "Keep it within 365 days.",
        }),
      ),
    coverLetter: CoverLetter,
  });
}

export const InstantForm = z.object({
  message: z.string().trim().max(COVER_MAX, {
    message: `Keep the note under ${COVER_MAX} characters.`,
  }).optional(),
});

export { moneyText };
