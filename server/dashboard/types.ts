/**
 * What the two dashboards show, as plain serialisable data. The components in
 * components/Dashboard*.tsx take these shapes (type imports only); server/dashboard/*.ts fill them.
 */
import type { JobStatus, MilestoneStatus, ProposalStatus } from "@/lib/lifecycles.ts";
import type { MilestoneActionPath } from "@/lib/schemas/contracts.ts";

export interface Money {
  amountMinor: number;
  currency: string;
}

/** Something the viewer should do, and the page where they do it. */
export interface ActionItem {
  kind:
    | "proposals"
    | "fund"
    | "review-delivery"
    | "pay"
    | "start"
    | "revise"
    | "confirm"
    | "dispute"
    | "review";
  title: string;
  detail: string;
  href: string;
  cta: string;
  /** Since when it has been waiting (ms), for ordering and "waiting since". */
  since: number;
}

export interface DashboardMilestone {
  id: string;
  position: number;
  title: string;
  amount: Money;
  paymentMode: "escrow" | "direct";
  status: MilestoneStatus;
  dueAt: string | null;
}

/** An active (or disputed) contract with every milestone, for the step indicators. */
export interface DashboardContract {
  id: string;
  title: string;
  status: "active" | "disputed" | "completed" | "cancelled";
  otherParty: { id: string; displayName: string };
  milestones: DashboardMilestone[];
  held: Money;
  paid: Money;
  total: Money;
  updatedAt: number;
}

/** A recently completed contract: what it was, with whom, and what was paid on it. */
export interface CompletedContract {
  id: string;
  title: string;
  otherParty: { id: string; displayName: string };
  completedAt: number;
  paid: Money;
}

/** Money of one currency across all the viewer's contracts, from the ledger. */
export interface MoneyRow {
  currency: string;
  held: number;
  released: number;
  paidDirectly: number;
  refunded: number;
  platformFee: number;
  /** Escrow milestones not funded yet (clients) / waiting for the client to fund (workers). */
  toFund: number;
  /** Direct milestones approved, not paid yet. */
  toPay: number;
  /** Direct milestones marked paid, not confirmed by the worker yet. */
  awaitingConfirmation: number;
}

export interface DashboardJob {
  id: string;
  title: string;
  status: JobStatus;
  proposalCount: number;
  /** Proposals still waiting for the client's first answer (open jobs only). */
  newProposals: number;
  budget: { type: "fixed" | "hourly"; minMinor: number; maxMinor: number; currency: string };
  createdAt: string;
  publishedAt: string | null;
}

export interface DashboardProposal {
  id: string;
  status: ProposalStatus;
  job: { id: string; title: string };
  amount: Money;
  contractId: string | null;
  createdAt: number;
}

export interface EarningsMonth {
  /** "2025-06" (UTC). */
  month: string;
  currency: string;
  amountMinor: number;
}

export type { MilestoneActionPath };
