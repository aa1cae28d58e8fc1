/**
 * Contracts: created when a client accepts a proposal, seen by their two parties (and admins),
 * completed when every milestone is closed. Views carry, for each milestone, only the actions
 * the viewer can take now, and a ledger summary (funds held, released, paid directly, fee 0).
 */
import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { type User, users } from "@/db/schema.ts";
import {
  type Contract,
  contracts,
  deliverables,
  type Dispute,
  disputes,
  type Milestone,
  milestones,
} from "@/db/schema_contracts.ts";
import type { Job, Proposal } from "@/db/schema_marketplace.ts";
import {
  actionsFor,
  CONTRACT,
  type ContractStatus,
  MILESTONE_CLOSED,
  type MilestoneAction,
  milestoneMachine,
} from "@/lib/lifecycles.ts";
import type {
  ContractSummaryT,
  ContractViewT,
  DisputeViewT,
  MilestoneActionPath,
  MilestoneViewT,
} from "@/lib/schemas/contracts.ts";
import type { PaymentModeT } from "@/lib/schemas/proposals.ts";
import { notFound } from "@/server/errors.ts";
import { transition } from "@/server/lifecycle.ts";
import { transitionJob } from "@/server/marketplace/job_state.ts";
import { ledgerSummaries } from "@/server/payments/ledger.ts";
import { DEFAULT_PROVIDER } from "@/server/payments/registry.ts";
import { DAY_MS, type Effects, iso } from "./effects.ts";
import { listFilesFor } from "./files.ts";

export type Party = "client" | "worker";
export type ViewerRole = Party | "admin";

export const FIRST_MILESTONE_TITLE = "Complete the work";

/**
 * Creates the contract of an accepted proposal and its first milestone (the proposal's amount,
 * due after its duration — or at the job's deadline for an instant application), and hires:
 * the job goes in_progress. Runs inside acceptProposal's transaction.
 */
export async function createContractFromProposal(
  fx: Effects,
  proposal: Proposal,
  job: Job,
  paymentMode: PaymentModeT,
): Promise<Contract> {
  const { tx, now } = fx;
  await transitionJob(tx, job.id, "hire", "system", now);
  const [contract] = await tx.insert(contracts).values({
    id: crypto.randomUUID(),
    jobId: job.id,
    proposalId: proposal.id,
    clientId: job.clientId,
    workerId: proposal.workerId,
    title: job.title,
    currency: proposal.currency,
    status: "active",
    createdAt: now,
    updatedAt: now,
  }).returning();
  const [milestone] = await tx.insert(milestones).values({
    id: crypto.randomUUID(),
    contractId: contract.id,
    position: 1,
    title: FIRST_MILESTONE_TITLE,
    amountMinor: proposal.amountMinor,
    currency: proposal.currency,
    dueAt: proposal.durationDays ? now + proposal.durationDays * DAY_MS : job.deadlineAt,
    paymentMode,
    provider: DEFAULT_PROVIDER,
    status: "pending",
    createdAt: now,
    updatedAt: now,
  }).returning();
  await fx.notify({
    userId: proposal.workerId,
    type: "proposal.accepted",
    title: `You're hired for “${job.title}”`,
    body: paymentMode === "escrow"
      ? "The client accepted your proposal. You can start once the first milestone is funded."
      : "The client accepted your proposal; this milestone is paid directly after approval.",
    link: `/contracts/${contract.id}`,
    data: { contractId: contract.id, proposalId: proposal.id, milestoneId: milestone.id },
  });
  fx.emit(`contract:${contract.id}`, {
    type: "contract.changed",
    contractId: contract.id,
    status: contract.status,
  });
  return contract;
}

/** The viewer's role on a contract, or null when they are neither party nor an admin. */
export function roleOn(contract: Contract, viewer: User): ViewerRole | null {
  if (contract.clientId === viewer.id) return "client";
  if (contract.workerId === viewer.id) return "worker";
  if (viewer.isAdmin) return "admin";
  return null;
}

/** A contract its viewer may see (parties and admins); 404 for anyone else. */
export async function loadContract(
  db: Reader,
  viewer: User,
  contractId: string,
): Promise<{ contract: Contract; role: ViewerRole }> {
  const [contract] = await db.select().from(contracts).where(eq(contracts.id, contractId)).limit(1);
  const role = contract ? roleOn(contract, viewer) : null;
  if (!contract || !role) throw notFound("This contract");
  return { contract, role };
}

/**
 * Completes the contract (and its job) once every milestone is released or refunded and at
 * least one was released. Call inside the transaction that closed a milestone.
 */
export async function completeIfDone(fx: Effects, contractId: string): Promise<boolean> {
  const { tx, now } = fx;
  const [contract] = await tx.select().from(contracts).where(eq(contracts.id, contractId));
  if (!contract || contract.status !== "active") return false;
  const rows = await tx.select({ status: milestones.status }).from(milestones)
    .where(eq(milestones.contractId, contractId));
  const allClosed = rows.length > 0 && rows.every((m) => MILESTONE_CLOSED.includes(m.status));
  if (!allClosed || !rows.some((m) => m.status === "released")) return false;
  const status = transition(CONTRACT, contract.status, "complete", "system");
  await tx.update(contracts).set({ status, completedAt: now, updatedAt: now })
    .where(eq(contracts.id, contractId));
  await transitionJob(tx, contract.jobId, "complete", "system", now);
  for (const userId of [contract.clientId, contract.workerId]) {
    await fx.notify({
      userId,
      type: "contract.completed",
      title: `“${contract.title}” is complete`,
      body: "Every milestone is settled. Leave a review for the other side.",
      link: `/contracts/${contract.id}`,
      data: { contractId },
    });
  }
  fx.emit(`contract:${contractId}`, { type: "contract.changed", contractId, status });
  return true;
}

const ACTION_PATH: Record<Exclude<MilestoneAction, "refund" | "release">, MilestoneActionPath> = {
  fund: "fund",
  mark_paid: "mark-paid",
  confirm_receipt: "confirm-receipt",
  submit: "submit",
  approve: "approve",
  request_revision: "request-revision",
};

/** What `role` can do to a milestone now: nothing unless the contract is active. */
export function milestoneActions(
  m: Pick<Milestone, "paymentMode" | "status">,
  contractStatus: ContractStatus,
  role: ViewerRole,
): MilestoneActionPath[] {
  if (contractStatus !== "active" || role === "admin") return [];
  return actionsFor(milestoneMachine(m.paymentMode), m.status, role)
    .filter((a): a is Exclude<MilestoneAction, "refund" | "release"> =>
      a !== "refund" && a !== "release"
    )
    .map((a) => ACTION_PATH[a]);
}

export function toDisputeView(d: Dispute, names: Map<string, string>): DisputeViewT {
  return {
    id: d.id,
    contractId: d.contractId,
    openedBy: { id: d.openedBy, displayName: names.get(d.openedBy) ?? "" },
    reason: d.reason,
    response: d.response,
    status: d.status,
    respondBy: iso(d.respondBy)!,
    resolution: d.resolution,
    createdAt: iso(d.createdAt)!,
    updatedAt: iso(d.updatedAt)!,
  };
}

async function names(db: Reader, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function toMilestoneView(
  m: Milestone,
  contractStatus: ContractStatus,
  role: ViewerRole,
  deliverableViews: MilestoneViewT["deliverables"] = [],
): MilestoneViewT {
  return {
    id: m.id,
    contractId: m.contractId,
    position: m.position,
    title: m.title,
    amount: { amountMinor: m.amountMinor, currency: m.currency },
    dueAt: iso(m.dueAt),
    paymentMode: m.paymentMode,
    provider: m.provider,
    status: m.status,
    version: m.version,
    fundedAt: iso(m.fundedAt),
    submittedAt: iso(m.submittedAt),
    approvedAt: iso(m.approvedAt),
    paidAt: iso(m.paidAt),
    releasedAt: iso(m.releasedAt),
    actions: milestoneActions(m, contractStatus, role),
    deliverables: deliverableViews,
  };
}

/** The whole contract as `viewer` sees it (parties and admins; 404 for anyone else). */
export async function getContractView(
  db: Reader,
  viewer: User,
  contractId: string,
): Promise<ContractViewT> {
  const { contract, role } = await loadContract(db, viewer, contractId);
  const ms = await db.select().from(milestones).where(eq(milestones.contractId, contract.id))
    .orderBy(asc(milestones.position));
  const ds = ms.length
    ? await db.select().from(deliverables).where(inArray(
      deliverables.milestoneId,
      ms.map((m) => m.id),
    )).orderBy(asc(deliverables.createdAt), asc(deliverables.id))
    : [];
  const files = await listFilesFor(db, "deliverable", ds.map((d) => d.id));
  const disputeRows = await db.select().from(disputes).where(eq(disputes.contractId, contract.id))
    .orderBy(desc(disputes.createdAt));
  const who = await names(db, [
    contract.clientId,
    contract.workerId,
    ...disputeRows.map((d) => d.openedBy),
  ]);
  const ledger = (await ledgerSummaries(db, [contract])).get(contract.id)!;
  const disputeViews = disputeRows.map((d) => toDisputeView(d, who));
  return {
    id: contract.id,
    jobId: contract.jobId,
    proposalId: contract.proposalId,
    title: contract.title,
    status: contract.status,
    currency: contract.currency,
    client: { id: contract.clientId, displayName: who.get(contract.clientId) ?? "" },
    worker: { id: contract.workerId, displayName: who.get(contract.workerId) ?? "" },
    viewerRole: role,
    milestones: ms.map((m) =>
      toMilestoneView(
        m,
        contract.status,
        role,
        ds.filter((d) => d.milestoneId === m.id).map((d) => ({
          id: d.id,
          note: d.note,
          revisionNote: d.revisionNote,
          attachments: files.get(d.id) ?? [],
          createdAt: iso(d.createdAt)!,
        })),
      )
    ),
    ledger,
    dispute: disputeViews.find((d) => d.status !== "resolved") ?? null,
    disputes: disputeViews,
    completedAt: iso(contract.completedAt),
    createdAt: iso(contract.createdAt)!,
    updatedAt: iso(contract.updatedAt)!,
  };
}

/** The viewer's contracts as client or worker, newest activity first. */
export async function listContracts(
  db: Reader,
  viewer: User,
  opts: { status?: ContractStatus; limit: number },
): Promise<ContractSummaryT[]> {
  const rows = await db.select().from(contracts).where(and(
    or(eq(contracts.clientId, viewer.id), eq(contracts.workerId, viewer.id)),
    opts.status ? eq(contracts.status, opts.status) : undefined,
  )).orderBy(desc(contracts.updatedAt), desc(contracts.id)).limit(opts.limit);
  if (rows.length === 0) return [];
  const ms = await db.select().from(milestones)
    .where(inArray(milestones.contractId, rows.map((c) => c.id)))
    .orderBy(asc(milestones.position));
  const ledgers = await ledgerSummaries(db, rows);
  const who = await names(db, rows.flatMap((c) => [c.clientId, c.workerId]));
  return rows.map((c) => {
    const mine = ms.filter((m) => m.contractId === c.id);
    const current = mine.find((m) => !MILESTONE_CLOSED.includes(m.status));
    const viewerRole: Party = c.clientId === viewer.id ? "client" : "worker";
    const otherId = viewerRole === "client" ? c.workerId : c.clientId;
    const ledger = ledgers.get(c.id)!;
    return {
      id: c.id,
      jobId: c.jobId,
      title: c.title,
      status: c.status,
      currency: c.currency,
      viewerRole,
      otherParty: { id: otherId, displayName: who.get(otherId) ?? "" },
      milestones: {
        total: mine.length,
        closed: mine.filter((m) => MILESTONE_CLOSED.includes(m.status)).length,
        current: current ? { id: current.id, title: current.title, status: current.status } : null,
      },
      amounts: {
        total: {
          amountMinor: mine.reduce((s, m) => s + m.amountMinor, 0),
          currency: c.currency,
        },
        held: ledger.held,
        released: ledger.released,
        paidDirectly: ledger.paidDirectly,
      },
      createdAt: iso(c.createdAt)!,
      updatedAt: iso(c.updatedAt)!,
    };
  });
}
