/**
 * Every lifecycle of the marketplace as a state machine, in one place: jobs, proposals,
 * contracts, milestones (escrow and direct payment), disputes and calls. Server code changes a
 * state only through these tables (server/lifecycle.ts turns an illegal move into a 409); pages
 * use `actionsFor` to show only the buttons that can work.
 */

export const JOB_STATUSES = ["draft", "open", "in_progress", "completed", "cancelled"] as const;
export const PROPOSAL_STATUSES = [
  "submitted",
  "shortlisted",
  "rejected",
  "accepted",
  "withdrawn",
  "declined",
] as const;
export const CONTRACT_STATUSES = ["active", "disputed", "completed", "cancelled"] as const;
export const MILESTONE_STATUSES = [
  "pending",
  "funded",
  "submitted",
  "revision_requested",
  "approved",
  "paid",
  "released",
  "refunded",
] as const;
export const DISPUTE_STATUSES = ["open", "answered", "awaiting_admin", "resolved"] as const;

/** Who acts: marketplace roles, the parties of a call, or the system (timers, disconnects). */
export type Actor = "client" | "worker" | "admin" | "system" | "caller" | "callee";

export interface Transition<S extends string> {
  from: readonly S[];
  to: S;
  by: readonly Actor[];
}

export interface Machine<S extends string, A extends string> {
  name: string;
  transitions: Record<A, Transition<S>>;
}

function defineMachine<S extends string, A extends string>(
  name: string,
  transitions: Record<A, Transition<S>>,
): Machine<S, A> {
  return { name, transitions };
}

/** The state after `action`, or null when the action is not allowed from `state` for `actor`. */
export function nextState<S extends string, A extends string>(
  machine: Machine<S, A>,
  state: S,
  action: A,
  actor: Actor,
): S | null {
  const t = machine.transitions[action];
  if (!t || !t.from.includes(state) || !t.by.includes(actor)) return null;
  return t.to;
}

/** The actions `actor` can take from `state` (for showing buttons). */
export function actionsFor<S extends string, A extends string>(
  machine: Machine<S, A>,
  state: S,
  actor: Actor,
): A[] {
  return (Object.keys(machine.transitions) as A[]).filter((a) =>
    nextState(machine, state, a, actor) !== null
  );
}

export type JobStatus = typeof JOB_STATUSES[number];
export const JOB = defineMachine<JobStatus, "publish" | "hire" | "complete" | "cancel">("job", {
  publish: { from: ["draft"], to: "open", by: ["client"] },
  hire: { from: ["open"], to: "in_progress", by: ["system"] },
  complete: { from: ["in_progress"], to: "completed", by: ["system"] },
  cancel: { from: ["draft", "open"], to: "cancelled", by: ["client", "admin"] },
});

export type ProposalStatus = typeof PROPOSAL_STATUSES[number];
export const PROPOSAL = defineMachine<
  ProposalStatus,
  "shortlist" | "reject" | "accept" | "withdraw" | "decline"
>("proposal", {
  shortlist: { from: ["submitted"], to: "shortlisted", by: ["client"] },
  reject: { from: ["submitted", "shortlisted"], to: "rejected", by: ["client"] },
  accept: { from: ["submitted", "shortlisted"], to: "accepted", by: ["client"] },
  withdraw: { from: ["submitted", "shortlisted"], to: "withdrawn", by: ["worker"] },
  /** Another proposal was accepted, or the job was cancelled. */
  decline: { from: ["submitted", "shortlisted"], to: "declined", by: ["system"] },
});

export type ContractStatus = typeof CONTRACT_STATUSES[number];
export const CONTRACT = defineMachine<
  ContractStatus,
  "dispute" | "resolve" | "complete" | "cancel"
>("contract", {
  dispute: { from: ["active"], to: "disputed", by: ["client", "worker"] },
  resolve: { from: ["disputed"], to: "active", by: ["admin"] },
  complete: { from: ["active"], to: "completed", by: ["system"] },
  cancel: { from: ["active", "disputed"], to: "cancelled", by: ["admin"] },
});

export type MilestoneStatus = typeof MILESTONE_STATUSES[number];
export type MilestoneAction =
  | "fund"
  | "submit"
  | "request_revision"
  | "approve"
  | "mark_paid"
  | "confirm_receipt"
  | "release"
  | "refund";

/** Escrow: the client funds first ("funds held"); approval releases to the worker. */
export const ESCROW_MILESTONE = defineMachine<MilestoneStatus, MilestoneAction>("milestone", {
  fund: { from: ["pending"], to: "funded", by: ["client"] },
  submit: { from: ["funded", "revision_requested"], to: "submitted", by: ["worker"] },
  request_revision: { from: ["submitted"], to: "revision_requested", by: ["client"] },
  approve: { from: ["submitted"], to: "released", by: ["client", "system"] },
  mark_paid: { from: [], to: "paid", by: [] },
  confirm_receipt: { from: [], to: "released", by: [] },
  /** An admin settling a dispute in the worker's favour, from any state with funds held. */
  release: { from: ["funded", "submitted", "revision_requested"], to: "released", by: ["admin"] },
  refund: { from: ["funded", "submitted", "revision_requested"], to: "refunded", by: ["admin"] },
});

/** Direct: no money is held; after approval the client pays and the worker confirms receipt. */
export const DIRECT_MILESTONE = defineMachine<MilestoneStatus, MilestoneAction>("milestone", {
  fund: { from: [], to: "funded", by: [] },
  submit: { from: ["pending", "revision_requested"], to: "submitted", by: ["worker"] },
  request_revision: { from: ["submitted"], to: "revision_requested", by: ["client"] },
  approve: { from: ["submitted"], to: "approved", by: ["client", "system"] },
  mark_paid: { from: ["approved"], to: "paid", by: ["client"] },
  confirm_receipt: { from: ["paid"], to: "released", by: ["worker"] },
  release: { from: [], to: "released", by: [] },
  refund: { from: [], to: "refunded", by: [] },
});

export function milestoneMachine(mode: "escrow" | "direct") {
  return mode === "escrow" ? ESCROW_MILESTONE : DIRECT_MILESTONE;
}

/** Milestone states after which nothing more happens. */
export const MILESTONE_CLOSED: readonly MilestoneStatus[] = ["released", "refunded"];

export type DisputeStatus = typeof DISPUTE_STATUSES[number];
export const DISPUTE = defineMachine<DisputeStatus, "answer" | "escalate" | "resolve">("dispute", {
  answer: { from: ["open"], to: "answered", by: ["client", "worker"] },
  escalate: { from: ["open", "answered"], to: "awaiting_admin", by: ["system"] },
  resolve: { from: ["open", "answered", "awaiting_admin"], to: "resolved", by: ["admin"] },
});

export const CALL_STATUSES = [
  "ringing",
  "active",
  "ended",
  "missed",
  "rejected",
  "failed",
] as const;
export type CallStatus = typeof CALL_STATUSES[number];
export type CallAction = "accept" | "reject" | "cancel" | "hang_up" | "miss" | "fail";
/**
 * A call rings, then is answered (active) or not (missed, rejected, cancelled by the caller =
 * ended); an active call ends. "fail" records a call that could not ring (the callee was busy).
 * The system also ends calls whose party disconnected.
 */
export const CALL = defineMachine<CallStatus, CallAction>("call", {
  accept: { from: ["ringing"], to: "active", by: ["callee"] },
  reject: { from: ["ringing"], to: "rejected", by: ["callee"] },
  cancel: { from: ["ringing"], to: "ended", by: ["caller", "system"] },
  hang_up: { from: ["active"], to: "ended", by: ["caller", "callee", "system"] },
  miss: { from: ["ringing"], to: "missed", by: ["system"] },
  fail: { from: ["ringing"], to: "failed", by: ["system"] },
});

/** Call states in which the parties are busy (a new call to either fails). */
export const CALL_LIVE: readonly CallStatus[] = ["ringing", "active"];
