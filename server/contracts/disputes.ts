/**
 * Disputes: either party opens one on an active contract, which freezes it (no milestone
 * moves) until an admin resolves it. The other party has 5 days to answer; at that deadline a
 * queued job hands the dispute to the admins (awaiting_admin) unless it was resolved already.
 * Resolving releases or refunds the funds held for the contract's escrow milestones (or
 * changes no money: resume), and the contract is active again — or complete, when that
 * settled every milestone.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { type User, users } from "@/db/schema.ts";
import {
  type Contract,
  contracts,
  type Dispute,
  disputes,
  type Milestone,
  milestones,
} from "@/db/schema_contracts.ts";
import {
  CONTRACT,
  DISPUTE,
  type DisputeStatus,
  ESCROW_MILESTONE,
  type MilestoneStatus,
} from "@/lib/lifecycles.ts";
import type { DisputeViewT, ResolveOutcome } from "@/lib/schemas/contracts.ts";
import { forbidden, notFound } from "@/server/errors.ts";
import { enqueue } from "@/server/jobs/queue.ts";
import { transition } from "@/server/lifecycle.ts";
import { recordRefund, recordRelease } from "@/server/payments/ledger.ts";
import { callProvider } from "@/server/payments/registry.ts";
import { completeIfDone, loadContract, roleOn, toDisputeView } from "./contracts.ts";
import { DAY_MS, type Effects, type MarketDeps, runWrite } from "./effects.ts";
import { AUTO_RELEASE_DAYS, emitMilestone, REMINDER_DAYS, touchContract } from "./milestones.ts";

export const DISPUTE_ANSWER_DAYS = 5;

/** Escrow milestones whose funds are held (what a resolution pays out or refunds). */
const HELD: MilestoneStatus[] = ["funded", "submitted", "revision_requested"];

async function names(db: Reader, ids: string[]) {
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function view(db: Reader, d: Dispute): Promise<DisputeViewT> {
  return toDisputeView(d, await names(db, [d.openedBy]));
}

async function notifyBoth(
  fx: Effects,
  contract: Contract,
  type: string,
  title: string,
  body: string,
  disputeId: string,
) {
  for (const userId of [contract.clientId, contract.workerId]) {
    await fx.notify({
      userId,
      type,
      title,
      body,
      link: `/contracts/${contract.id}`,
      data: { contractId: contract.id, disputeId },
    });
  }
}

function emitContract(fx: Effects, contractId: string, status: string) {
  fx.emit(`contract:${contractId}`, { type: "contract.changed", contractId, status });
}

/** Opens a dispute (a party of an active contract); the contract is frozen until resolved. */
export async function openDispute(
  deps: MarketDeps,
  viewer: User,
  contractId: string,
  input: { reason: string },
): Promise<DisputeViewT> {
  const d = await runWrite(deps, async (fx) => {
    const { tx, now } = fx;
    const { contract, role } = await loadContract(tx, viewer, contractId);
    if (role === "admin") throw forbidden("Only the client or the worker can open a dispute.");
    const status = transition(CONTRACT, contract.status, "dispute", role);
    await tx.update(contracts).set({ status, updatedAt: now }).where(eq(contracts.id, contract.id));
    const respondBy = now + DISPUTE_ANSWER_DAYS * DAY_MS;
    const [d] = await tx.insert(disputes).values({
      id: crypto.randomUUID(),
      contractId: contract.id,
      openedBy: viewer.id,
      reason: input.reason,
      status: "open",
      respondBy,
      createdAt: now,
      updatedAt: now,
    }).returning();
    await enqueue(tx, "dispute.deadline", { disputeId: d.id }, { now, runAt: respondBy });
    await notifyBoth(
      fx,
      contract,
      "dispute.opened",
      `Dispute opened on “${contract.title}”`,
      `${viewer.displayName} opened a dispute. The other side has ${DISPUTE_ANSWER_DAYS} days ` +
        "to answer before an admin decides. Milestones are frozen meanwhile.",
      d.id,
    );
    emitContract(fx, contract.id, status);
    return d;
  });
  return await view(deps.db.orm, d);
}

async function loadDispute(db: Reader, viewer: User, disputeId: string) {
  const [row] = await db.select({ dispute: disputes, contract: contracts }).from(disputes)
    .innerJoin(contracts, eq(contracts.id, disputes.contractId))
    .where(eq(disputes.id, disputeId)).limit(1);
  const role = row ? roleOn(row.contract, viewer) : null;
  if (!row || !role) throw notFound("This dispute");
  return { ...row, role };
}

/** The other party's answer (the one who opened it cannot answer it). */
export async function answerDispute(
  deps: MarketDeps,
  viewer: User,
  disputeId: string,
  input: { response: string },
): Promise<DisputeViewT> {
  const d = await runWrite(deps, async (fx) => {
    const { dispute, contract, role } = await loadDispute(fx.tx, viewer, disputeId);
    if (role === "admin" || dispute.openedBy === viewer.id) {
      throw forbidden("The other side of the dispute answers it.");
    }
    const status = transition(DISPUTE, dispute.status, "answer", role);
    const [d] = await fx.tx.update(disputes).set({
      status,
      response: input.response,
      updatedAt: fx.now,
    }).where(eq(disputes.id, dispute.id)).returning();
    await notifyBoth(
      fx,
      contract,
      "dispute.answered",
      `Dispute on “${contract.title}” answered`,
      `${viewer.displayName} answered. An admin will decide.`,
      d.id,
    );
    emitContract(fx, contract.id, contract.status);
    return d;
  });
  return await view(deps.db.orm, d);
}

/** The deadline job: hands an unresolved dispute to the admins. False when nothing to do. */
export async function escalateDispute(fx: Effects, disputeId: string): Promise<boolean> {
  const [row] = await fx.tx.select({ dispute: disputes, contract: contracts }).from(disputes)
    .innerJoin(contracts, eq(contracts.id, disputes.contractId))
    .where(eq(disputes.id, disputeId)).limit(1);
  if (!row || (row.dispute.status !== "open" && row.dispute.status !== "answered")) return false;
  const status = transition(DISPUTE, row.dispute.status, "escalate", "system");
  await fx.tx.update(disputes).set({ status, updatedAt: fx.now })
    .where(eq(disputes.id, disputeId));
  await notifyBoth(
    fx,
    row.contract,
    "dispute.escalated",
    `Dispute on “${row.contract.title}” is with an admin`,
    row.dispute.response === null
      ? `No answer came within ${DISPUTE_ANSWER_DAYS} days, so an admin will decide now.`
      : "An admin will now review both sides and decide.",
    disputeId,
  );
  return true;
}

const OUTCOME_TEXT: Record<ResolveOutcome, string> = {
  release: "The funds held were released to the worker.",
  refund: "The funds held were refunded to the client.",
  resume: "No money moved; the contract continues.",
};

/**
 * An admin's decision: release or refund every escrow milestone with funds held (through its
 * provider and the ledger), or resume; the contract is active again (or complete). Direct
 * milestones hold no money and are left as they are. Non-admins: 404, or 403 for a party.
 */
export async function resolveDispute(
  deps: MarketDeps,
  admin: User,
  disputeId: string,
  input: { outcome: ResolveOutcome; note: string },
): Promise<DisputeViewT> {
  const d = await runWrite(deps, async (fx) => {
    const { tx, now } = fx;
    const { dispute, contract, role } = await loadDispute(tx, admin, disputeId);
    if (role !== "admin" || !admin.isAdmin) throw forbidden("Only an admin resolves disputes.");
    const status = transition(DISPUTE, dispute.status, "resolve", "admin");
    const contractStatus = transition(CONTRACT, contract.status, "resolve", "admin");
    const held = await tx.select().from(milestones).where(and(
      eq(milestones.contractId, contract.id),
      eq(milestones.paymentMode, "escrow"),
      inArray(milestones.status, HELD),
    ));
    for (const m of held) {
      if (input.outcome === "release") await settle(fx, contract, m, "release", admin.id);
      if (input.outcome === "refund") await settle(fx, contract, m, "refund", admin.id);
    }
    if (input.outcome === "resume") await restartTimers(fx, contract.id);
    const [d] = await tx.update(disputes).set({
      status,
      resolution: `${input.outcome}: ${input.note}`,
      resolvedBy: admin.id,
      updatedAt: now,
    }).where(eq(disputes.id, dispute.id)).returning();
    await tx.update(contracts).set({ status: contractStatus, updatedAt: now })
      .where(eq(contracts.id, contract.id));
    await notifyBoth(
      fx,
      contract,
      "dispute.resolved",
      `Dispute on “${contract.title}” resolved`,
      `${OUTCOME_TEXT[input.outcome]} Admin's note: ${input.note.slice(0, 300)}`,
      d.id,
    );
    emitContract(fx, contract.id, contractStatus);
    await completeIfDone(fx, contract.id);
    return d;
  });
  return await view(deps.db.orm, d);
}

async function settle(
  fx: Effects,
  contract: Contract,
  m: Milestone,
  how: "release" | "refund",
  adminId: string,
) {
  const { tx, now } = fx;
  const status = transition(ESCROW_MILESTONE, m.status, how, "admin");
  const ref = await callProvider(how, { milestone: m, contract, actorId: adminId, now });
  if (how === "release") await recordRelease(tx, contract, m, ref, now);
  else await recordRefund(tx, contract, m, ref, now);
  const [updated] = await tx.update(milestones).set({
    status,
    version: m.version + 1,
    releasedAt: now,
    ...(how === "release" ? { approvedAt: now } : {}),
    updatedAt: now,
  }).where(eq(milestones.id, m.id)).returning();
  await touchContract(fx, contract);
  emitMilestone(fx, updated);
}

/**
 * After "resume", submitted milestones get a full answer period again: the timers set before
 * the dispute may have fired (and done nothing) while the contract was frozen.
 */
async function restartTimers(fx: Effects, contractId: string) {
  const submitted = await fx.tx.select().from(milestones).where(and(
    eq(milestones.contractId, contractId),
    eq(milestones.status, "submitted"),
  ));
  for (const m of submitted) {
    // A new version voids the timers set before the dispute; the fresh ones carry it.
    const version = m.version + 1;
    await fx.tx.update(milestones).set({ version, updatedAt: fx.now })
      .where(eq(milestones.id, m.id));
    const payload = { milestoneId: m.id, version };
    for (const day of REMINDER_DAYS) {
      await enqueue(fx.tx, "milestone.reminder", { ...payload, day }, {
        now: fx.now,
        runAt: fx.now + day * DAY_MS,
      });
    }
    await enqueue(fx.tx, "milestone.auto_release", payload, {
      now: fx.now,
      runAt: fx.now + AUTO_RELEASE_DAYS * DAY_MS,
    });
  }
}

/** Disputes for the admin console (admins only: others get 403). */
export async function listDisputes(
  db: Reader,
  viewer: User,
  opts: { status?: DisputeStatus; limit: number },
): Promise<DisputeViewT[]> {
  if (!viewer.isAdmin) throw forbidden("Only admins see all disputes.");
  const rows = await db.select().from(disputes)
    .where(opts.status ? eq(disputes.status, opts.status) : undefined)
    .orderBy(desc(disputes.updatedAt), desc(disputes.id)).limit(opts.limit);
  const who = rows.length ? await names(db, [...new Set(rows.map((r) => r.openedBy))]) : new Map();
  return rows.map((d) => toDisputeView(d, who));
}

/** One dispute for a party or an admin (404 for anyone else). */
export async function getDispute(db: Reader, viewer: User, disputeId: string) {
  const { dispute } = await loadDispute(db, viewer, disputeId);
  return await view(db, dispute);
}
