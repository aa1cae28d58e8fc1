/**
 * Every reputation formula of WorkMate, as pure functions over plain inputs, with the constants
 * they use. /about/reputation renders these same constants, so what is published and what is
 * computed cannot drift apart. Database reads that feed them live in metrics.ts.
 */

export const DAY_MS = 86_400_000;

/** Reviews stay hidden until both sides have reviewed, or this many days after completion. */
export const REVIEW_REVEAL_DAYS = 14;
/** A worker's score appears after this many completed contracts… */
export const SCORE_MIN_COMPLETED = 2;
/** …with at least this many different clients. */
export const SCORE_MIN_CLIENTS = 2;
/** How the score weighs job success and the average rating (they sum to 1). */
export const SCORE_WEIGHTS = { jobSuccess: 0.5, rating: 0.5 } as const;
/**
 * A directly paid milestone can only be paid after the worker delivers, so its payment
 * deadline is the due date or this many days after the (last) delivery, whichever is later.
 */
export const DIRECT_PAYMENT_GRACE_DAYS = 3;

// --- General -----------------------------------------------------------------------------------

/** The middle value (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface MedianDuration {
  ms: number;
  samples: number;
}

/**
 * The median of `to − from` over the pairs that have an answer (`to` set and not before
 * `from`); pairs still waiting for an answer are not counted.
 */
export function medianDelay(
  pairs: readonly { from: number; to: number | null }[],
): MedianDuration | null {
  const delays = pairs.filter((p) => p.to !== null && p.to >= p.from)
    .map((p) => (p.to as number) - p.from);
  const m = median(delays);
  return m === null ? null : { ms: Math.round(m), samples: delays.length };
}

/** Mean of 1–5 ratings, to two decimals; null without ratings. */
export function averageRating(ratings: readonly number[]): number | null {
  if (ratings.length === 0) return null;
  const sum = ratings.reduce((a, b) => a + b, 0);
  return Math.round((sum / ratings.length) * 100) / 100;
}

/** A share 0–1, or null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

// --- Reviews -----------------------------------------------------------------------------------

/** The latest moment a review of a contract completed at `completedAt` becomes visible. */
export function reviewRevealAt(completedAt: number): number {
  return completedAt + REVIEW_REVEAL_DAYS * DAY_MS;
}

/** Visible when both sides have reviewed, or once the reveal period after completion is over. */
export function isReviewVisible(
  r: { reviewsOnContract: number; completedAt: number | null },
  now: number,
): boolean {
  if (r.reviewsOnContract >= 2) return true;
  return r.completedAt !== null && now >= reviewRevealAt(r.completedAt);
}

// --- Workers -----------------------------------------------------------------------------------

export interface ContractOutcomeInput {
  status: "active" | "disputed" | "completed" | "cancelled";
  /** Whether a dispute was ever opened on the contract, whatever its result. */
  everDisputed: boolean;
}

export type ContractOutcome = "success" | "disputed" | "cancelled" | "open";

/**
 * One outcome per contract: any dispute makes it "disputed" (even if later completed);
 * otherwise completed is a success and cancelled is cancelled; active ones have no outcome yet.
 */
export function classifyContract(c: ContractOutcomeInput): ContractOutcome {
  if (c.everDisputed) return "disputed";
  if (c.status === "completed") return "success";
  if (c.status === "cancelled") return "cancelled";
  return "open";
}

/** Successful ÷ (successful + disputed + cancelled); null when no contract has an outcome. */
export function jobSuccess(contracts: readonly ContractOutcomeInput[]): number | null {
  const outcomes = contracts.map(classifyContract).filter((o) => o !== "open");
  return ratio(outcomes.filter((o) => o === "success").length, outcomes.length);
}

/** True once the worker completed SCORE_MIN_COMPLETED contracts for SCORE_MIN_CLIENTS clients. */
export function hasEnoughHistory(completedClientIds: readonly string[]): boolean {
  return completedClientIds.length >= SCORE_MIN_COMPLETED &&
    new Set(completedClientIds).size >= SCORE_MIN_CLIENTS;
}

export interface WorkerScoreInput {
  /** Client ids of the worker's completed contracts (one entry per contract). */
  completedClientIds: readonly string[];
  jobSuccess: number | null;
  averageRating: number | null;
}

export type WorkerScore = { status: "scored"; score: number } | { status: "new"; score: null };

/**
 * 0–100: SCORE_WEIGHTS.jobSuccess × job success + SCORE_WEIGHTS.rating × the rating mapped
 * from 1–5 onto 0–1; without visible ratings, job success alone. "new" until enough history.
 */
export function workerScore(input: WorkerScoreInput): WorkerScore {
  if (!hasEnoughHistory(input.completedClientIds) || input.jobSuccess === null) {
    return { status: "new", score: null };
  }
  const value = input.averageRating === null
    ? input.jobSuccess
    : SCORE_WEIGHTS.jobSuccess * input.jobSuccess +
      SCORE_WEIGHTS.rating * ((input.averageRating - 1) / 4);
  return { status: "scored", score: Math.round(Math.min(1, Math.max(0, value)) * 100) };
}

// --- Clients -----------------------------------------------------------------------------------

export interface MilestoneMoneyInput {
  paymentMode: "escrow" | "direct";
  status: string;
  amountMinor: number;
  currency: string;
  dueAt: number | null;
  fundedAt: number | null;
  submittedAt: number | null;
  paidAt: number | null;
}

/**
 * Whether the client's money reached the worker: released from held funds (escrow), or paid
 * directly (marked paid by the client, whether or not the worker confirmed receipt yet).
 */
export function isPaidOut(m: Pick<MilestoneMoneyInput, "paymentMode" | "status">): boolean {
  if (m.paymentMode === "escrow") return m.status === "released";
  return m.status === "paid" || m.status === "released";
}

/** Sums amounts per currency, sorted by currency code. */
export function sumByCurrency(
  items: readonly { amountMinor: number; currency: string }[],
): { amountMinor: number; currency: string }[] {
  const totals = new Map<string, number>();
  for (const i of items) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.amountMinor);
  return [...totals].sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amountMinor]) => ({ amountMinor, currency }));
}

/**
 * When the client's money step was due: escrow milestones must be funded by their due date;
 * direct ones can only be paid after delivery, so by the due date or DIRECT_PAYMENT_GRACE_DAYS
 * after the delivery, whichever is later (null while nothing is delivered). Null without a
 * due date.
 */
export function paymentDeadline(m: MilestoneMoneyInput): number | null {
  if (m.dueAt === null) return null;
  if (m.paymentMode === "escrow") return m.dueAt;
  if (m.submittedAt === null) return null;
  return Math.max(m.dueAt, m.submittedAt + DIRECT_PAYMENT_GRACE_DAYS * DAY_MS);
}

export type PaymentTiming = "on_time" | "late" | "not_due";

/**
 * on_time: funded (escrow) or marked paid (direct) by the deadline; late: the deadline passed
 * first; not_due: no deadline yet, the deadline is still ahead, or the milestone was refunded.
 */
export function paymentTiming(m: MilestoneMoneyInput, now: number): PaymentTiming {
  if (m.status === "refunded") return "not_due";
  const deadline = paymentDeadline(m);
  if (deadline === null) return "not_due";
  const doneAt = m.paymentMode === "escrow" ? m.fundedAt : m.paidAt;
  if (doneAt !== null && doneAt <= deadline) return "on_time";
  return now > deadline ? "late" : "not_due";
}

/** On-time milestones ÷ milestones that were due (on time + late). */
export function paymentReliability(milestones: readonly MilestoneMoneyInput[], now: number) {
  const timings = milestones.map((m) => paymentTiming(m, now));
  const onTime = timings.filter((t) => t === "on_time").length;
  const due = onTime + timings.filter((t) => t === "late").length;
  return { onTime, due, reliability: ratio(onTime, due) };
}
