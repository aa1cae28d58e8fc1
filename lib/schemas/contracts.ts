/**
 * Contract, milestone and dispute schemas, shared by the API (validation + OpenAPI) and the
 * contract pages. Money is `{amountMinor, currency}`; times are ISO 8601 strings.
 */
import { z } from "zod";
import { CONTRACT_STATUSES, DISPUTE_STATUSES, MILESTONE_STATUSES } from "@/lib/lifecycles.ts";
import {
  AttachmentView,
  moneyText,
  MoneyView,
  PaymentMode,
  PositiveMoney,
  UploadIds,
} from "@/lib/schemas/proposals.ts";

export const NOTE_MAX = 5000;
const note = (what: string, min = 1) =>
  z.string().trim()
    .min(min, {
      message: min > 1 ? `Write at least ${min} characters ${what}.` : `Write ${what}.`,
    })
    .max(NOTE_MAX, { message: `Keep it under ${NOTE_MAX} characters.` });

/** A due date: `2025-07-01` (end of that day, UTC) or a full ISO 8601 date-time. */
export const DueAt = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  message: "Use a date like 2025-07-01 or an ISO 8601 date-time.",
}).transform((s) => s.length === 10 ? Date.parse(`${s}T23:59:59Z`) : Date.parse(s));

export const MilestoneCreateBody = z.strictObject({
  title: z.string().trim().min(1, { message: "Give the milestone a title." }).max(120, {
    message: "Keep the title under 120 characters.",
  }),
  amount: PositiveMoney,
  dueAt: DueAt.nullable().optional(),
  paymentMode: PaymentMode.default("escrow"),
}).meta({ id: "MilestoneCreateBody" });

export const SubmitWorkBody = z.strictObject({
  note: note("what you delivered"),
  attachments: UploadIds.default([]),
}).meta({ id: "SubmitWorkBody" });

export const RevisionBody = z.strictObject({
  note: note("what should change"),
}).meta({ id: "RevisionBody" });

export const DISPUTE_REASON_MIN = 20;
export const DisputeBody = z.strictObject({
  reason: note("about what went wrong", DISPUTE_REASON_MIN),
}).meta({ id: "DisputeBody" });

export const DisputeAnswerBody = z.strictObject({
  response: note("your side of it"),
}).meta({ id: "DisputeAnswerBody" });

export const RESOLVE_OUTCOMES = ["release", "refund", "resume"] as const;
export const DisputeResolveBody = z.strictObject({
  outcome: z.enum(RESOLVE_OUTCOMES, {
    message: "Choose release (pay the worker), refund (back to the client) or resume.",
  }),
  note: note("the reason for the decision"),
}).meta({ id: "DisputeResolveBody" });

export const ContractStatus = z.enum(CONTRACT_STATUSES);
export const MilestoneStatus = z.enum(MILESTONE_STATUSES);
export const DisputeStatus = z.enum(DISPUTE_STATUSES);

export const ContractListQuery = z.strictObject({
  status: ContractStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** The milestone actions as they appear in URLs: POST /api/v1/milestones/:id/<action>. */
export const MILESTONE_ACTION_PATHS = [
  "fund",
  "mark-paid",
  "confirm-receipt",
  "submit",
  "approve",
  "request-revision",
] as const;
export type MilestoneActionPath = typeof MILESTONE_ACTION_PATHS[number];

export const PartyView = z.object({ id: z.string(), displayName: z.string() });

export const DeliverableView = z.object({
  id: z.string(),
  note: z.string(),
  revisionNote: z.string().nullable(),
  attachments: z.array(AttachmentView),
  createdAt: z.string(),
}).meta({ id: "DeliverableView" });

export const MilestoneView = z.object({
  id: z.string(),
  contractId: z.string(),
  position: z.int(),
  title: z.string(),
  amount: MoneyView,
  dueAt: z.string().nullable(),
  paymentMode: PaymentMode,
  provider: z.string(),
  status: MilestoneStatus,
  version: z.int(),
  fundedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
  /** What the viewer can do now (POST /api/v1/milestones/:id/<action>). */
  actions: z.array(z.enum(MILESTONE_ACTION_PATHS)),
  deliverables: z.array(DeliverableView),
}).meta({ id: "MilestoneView" });

export const LedgerSummary = z.object({
  held: MoneyView.describe("Funds held for this contract now."),
  released: MoneyView.describe("Released from held funds to the worker."),
  paidDirectly: MoneyView.describe("Paid directly and confirmed by the worker."),
  refunded: MoneyView.describe("Returned to the client."),
  platformFee: MoneyView.describe("Always 0: WorkMate takes no commission."),
}).meta({ id: "LedgerSummary" });

export const DisputeView = z.object({
  id: z.string(),
  contractId: z.string(),
  openedBy: PartyView,
  reason: z.string(),
  response: z.string().nullable(),
  status: DisputeStatus,
  respondBy: z.string(),
  resolution: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: "DisputeView" });

export const ContractView = z.object({
  id: z.string(),
  jobId: z.string(),
  proposalId: z.string(),
  title: z.string(),
  status: ContractStatus,
  currency: z.string(),
  client: PartyView,
  worker: PartyView,
  viewerRole: z.enum(["client", "worker", "admin"]),
  milestones: z.array(MilestoneView),
  ledger: LedgerSummary,
  /** The open (unresolved) dispute, if any. */
  dispute: DisputeView.nullable(),
  disputes: z.array(DisputeView),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: "ContractView" });

export const ContractSummary = z.object({
  id: z.string(),
  jobId: z.string(),
  title: z.string(),
  status: ContractStatus,
  currency: z.string(),
  viewerRole: z.enum(["client", "worker"]),
  otherParty: PartyView,
  milestones: z.object({
    total: z.int(),
    closed: z.int().describe("Released or refunded."),
    /** The first milestone still in progress, if any. */
    current: z.object({ id: z.string(), title: z.string(), status: MilestoneStatus }).nullable(),
  }),
  amounts: z.object({
    total: MoneyView,
    held: MoneyView,
    released: MoneyView,
    paidDirectly: MoneyView,
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: "ContractSummary" });

export const ContractList = z.object({ items: z.array(ContractSummary) }).meta({
  id: "ContractList",
});

export const AdminDisputeListQuery = z.strictObject({
  status: DisputeStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const DisputeList = z.object({ items: z.array(DisputeView) }).meta({ id: "DisputeList" });

export type MilestoneCreateInput = z.infer<typeof MilestoneCreateBody>;
export type ContractViewT = z.infer<typeof ContractView>;
export type ContractSummaryT = z.infer<typeof ContractSummary>;
export type MilestoneViewT = z.infer<typeof MilestoneView>;
export type DeliverableViewT = z.infer<typeof DeliverableView>;
export type DisputeViewT = z.infer<typeof DisputeView>;
export type LedgerSummaryT = z.infer<typeof LedgerSummary>;
export type ResolveOutcome = typeof RESOLVE_OUTCOMES[number];

/** The contract page's add-milestone form (amounts typed in major units). */
export function milestoneForm(currency: string) {
  return z.object({
    title: MilestoneCreateBody.shape.title,
    amount: moneyText(currency, "the amount"),
    dueAt: z.string().trim().optional().transform((v) => v || undefined).pipe(
      z.iso.date({ message: "Pick a date." }).optional(),
    ).transform((d) => d === undefined ? null : Date.parse(`${d}T23:59:59Z`)),
    paymentMode: PaymentMode,
  });
}

/** An ISO time as a day for people, e.g. "3 Feb 2025" (UTC, so pages render the same anywhere). */
export function formatDay(isoTime: string | null): string {
  if (!isoTime) return "—";
  return new Date(isoTime).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}
