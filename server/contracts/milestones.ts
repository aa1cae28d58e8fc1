/**
 * Milestones: the client adds them; each moves through ESCROW_MILESTONE or DIRECT_MILESTONE
 * (lib/lifecycles.ts). Every transition bumps `version` (so timers set for an earlier state do
 * nothing), sets its timestamp, moves money through the milestone's provider and the ledger,
 * notifies the other party, and may complete the contract.
 *
 * Checks, in order: not a party → 404 (admins see contracts but act only on disputes → 403);
 * the wrong party → 403; a disputed or finished contract → 409; an illegal move → 409.
 */
import { desc, eq, max } from "drizzle-orm";
import type { User } from "@/db/schema.ts";
import {
  type Contract,
  contracts,
  deliverables,
  type Milestone,
  milestones,
} from "@/db/schema_contracts.ts";
import { type Actor, type MilestoneAction, milestoneMachine } from "@/lib/lifecycles.ts";
import type { MilestoneCreateInput, MilestoneViewT } from "@/lib/schemas/contracts.ts";
import { formatMoney } from "@/lib/schemas/proposals.ts";
import { forbidden, HttpError, notFound, validationError } from "@/server/errors.ts";
import { enqueue } from "@/server/jobs/queue.ts";
import { transition } from "@/server/lifecycle.ts";
import { recordDirectPayment, recordFunding, recordRelease } from "@/server/payments/ledger.ts";
import { callProvider, DEFAULT_PROVIDER } from "@/server/payments/registry.ts";
import { completeIfDone, loadContract, roleOn, toMilestoneView } from "./contracts.ts";
import { DAY_MS, type Effects, type MarketDeps, runWrite } from "./effects.ts";
import { attachFiles } from "./files.ts";

/** Who may take each action (the machines say when; this says who, for a clear 403). */
const ACTION_PARTY: Record<Exclude<MilestoneAction, "refund" | "release">, "client" | "worker"> = {
  fund: "client",
  mark_paid: "client",
  approve: "client",
  request_revision: "client",
  submit: "worker",
  confirm_receipt: "worker",
};

/** When the timers of a submitted milestone fire, in days after submission. */
export const REMINDER_DAYS = [5, 12] as const;
export const AUTO_RELEASE_DAYS = 14;

export type MilestoneInput =
  | { action: "fund" | "mark_paid" | "confirm_receipt" | "approve" }
  | { action: "submit"; note: string; attachments: string[] }
  | { action: "request_revision"; note: string };

/** A refusal because the contract does not take milestone actions now. */
export function frozen(contract: Contract): HttpError {
  return new HttpError(
    "invalid-transition",
    contract.status === "disputed"
      ? "This contract is disputed: milestones are frozen until an admin resolves the dispute."
      : `This contract is ${contract.status}: its milestones can no longer change.`,
  );
}

/** Adds a milestone (client only, active contract only); the worker is told. */
export async function addMilestone(
  deps: MarketDeps,
  viewer: User,
  contractId: string,
  input: MilestoneCreateInput,
): Promise<MilestoneViewT> {
  return await runWrite(deps, async (fx) => {
    const { tx, now } = fx;
    const { contract, role } = await loadContract(tx, viewer, contractId);
    if (role !== "client") throw forbidden("Only the client adds milestones.");
    if (contract.status !== "active") throw frozen(contract);
    if (input.amount.currency !== contract.currency) {
      throw validationError([{
        path: "body.amount.currency",
        message: `Use the contract's currency (${contract.currency}).`,
      }]);
    }
    if (input.dueAt != null && input.dueAt < now) {
      throw validationError([{ path: "body.dueAt", message: "Pick a due date in the future." }]);
    }
    const [{ last }] = await tx.select({ last: max(milestones.position) }).from(milestones)
      .where(eq(milestones.contractId, contract.id));
    const [m] = await tx.insert(milestones).values({
      id: crypto.randomUUID(),
      contractId: contract.id,
      position: (last ?? 0) + 1,
      title: input.title,
      amountMinor: input.amount.amountMinor,
      currency: contract.currency,
      dueAt: input.dueAt ?? null,
      paymentMode: input.paymentMode,
      provider: DEFAULT_PROVIDER,
      status: "pending",
      createdAt: now,
      updatedAt: now,
    }).returning();
    await touchContract(fx, contract);
    await fx.notify({
      userId: contract.workerId,
      type: "milestone.added",
      title: `New milestone on “${contract.title}”`,
      body: `${m.title}: ${formatMoney(m.amountMinor, m.currency)}${
        m.paymentMode === "escrow" ? ", funds held before work starts" : ", paid directly"
      }.`,
      link: `/contracts/${contract.id}`,
      data: { contractId: contract.id, milestoneId: m.id },
    });
    emitMilestone(fx, m);
    return toMilestoneView(m, contract.status, role);
  });
}

async function loadMilestone(fx: Effects, milestoneId: string) {
  const [row] = await fx.tx.select({ milestone: milestones, contract: contracts })
    .from(milestones).innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .where(eq(milestones.id, milestoneId)).limit(1);
  return row;
}

/** A party's milestone action (the API's POST /api/v1/milestones/:id/<action>). */
export async function actOnMilestone(
  deps: MarketDeps,
  viewer: User,
  milestoneId: string,
  input: MilestoneInput,
): Promise<MilestoneViewT> {
  return await runWrite(deps, async (fx) => {
    const row = await loadMilestone(fx, milestoneId);
    const role = row ? roleOn(row.contract, viewer) : null;
    if (!row || !role) throw notFound("This milestone");
    const party = ACTION_PARTY[input.action];
    if (role !== party) {
      throw forbidden(`Only the ${party} can ${input.action.replace(/_/g, " ")} this milestone.`);
    }
    if (row.contract.status !== "active") throw frozen(row.contract);
    const m = await applyMilestoneAction(fx, row.contract, row.milestone, input, role, viewer.id);
    return toMilestoneView(m, row.contract.status, role);
  });
}

/**
 * The system's approval of a submitted milestone nobody answered (the 14-day auto-release):
 * escrow releases the funds held; direct moves to approved and asks the client to pay.
 * Returns false (doing nothing) when the milestone moved on since `version`.
 */
export async function autoApproveMilestone(
  fx: Effects,
  milestoneId: string,
  version: number,
): Promise<boolean> {
  const row = await loadMilestone(fx, milestoneId);
  if (!row || row.milestone.version !== version || row.milestone.status !== "submitted") {
    return false;
  }
  if (row.contract.status !== "active") return false;
  const m = await applyMilestoneAction(
    fx,
    row.contract,
    row.milestone,
    { action: "approve" },
    "system",
    null,
  );
  if (m.paymentMode === "direct") {
    await fx.notify({
      userId: row.contract.clientId,
      type: "milestone.payment_due",
      title: `Pay for “${m.title}”`,
      body: `It was approved automatically after ${AUTO_RELEASE_DAYS} days without an answer. ` +
        `Pay ${formatMoney(m.amountMinor, m.currency)} directly, then mark it paid.`,
      link: `/contracts/${row.contract.id}`,
      data: { contractId: row.contract.id, milestoneId: m.id },
    });
  }
  return true;
}

/**
 * Applies one transition with its money movement, timestamps, notifications and timers.
 * The caller has checked access and that the contract is active.
 */
export async function applyMilestoneAction(
  fx: Effects,
  contract: Contract,
  milestone: Milestone,
  input: MilestoneInput,
  actor: Actor,
  actorId: string | null,
): Promise<Milestone> {
  const { tx, now } = fx;
  const machine = milestoneMachine(milestone.paymentMode);
  const status = transition(machine, milestone.status, input.action, actor);
  const set: Partial<Milestone> = { status, version: milestone.version + 1, updatedAt: now };
  const pay = { milestone, contract, actorId, now };
  const link = `/contracts/${contract.id}`;
  const data = { contractId: contract.id, milestoneId: milestone.id };
  const amount = formatMoney(milestone.amountMinor, milestone.currency);
  const auto = actor === "system";

  switch (input.action) {
    case "fund": {
      const ref = await callProvider("fund", pay);
      await recordFunding(tx, contract, milestone, ref, now);
      set.fundedAt = now;
      await fx.notify({
        userId: contract.workerId,
        type: "milestone.funded",
        title: `“${milestone.title}” is funded`,
        body: `${amount} is held for this milestone. You can start the work.`,
        link,
        data,
      });
      break;
    }
    case "mark_paid": {
      await callProvider("markPaid", pay);
      set.paidAt = now;
      await fx.notify({
        userId: contract.workerId,
        type: "milestone.paid",
        title: `The client paid for “${milestone.title}”`,
        body: `The client says they paid you ${amount} directly. Confirm once it has arrived.`,
        link,
        data,
      });
      break;
    }
    case "confirm_receipt": {
      await recordDirectPayment(tx, contract, milestone, `${milestone.provider}:direct`, now);
      set.releasedAt = now;
      await fx.notify({
        userId: contract.clientId,
        type: "milestone.receipt_confirmed",
        title: `Payment for “${milestone.title}” received`,
        body: `The worker confirmed receiving ${amount}.`,
        link,
        data,
      });
      break;
    }
    case "submit": {
      const id = crypto.randomUUID();
      await tx.insert(deliverables).values({
        id,
        milestoneId: milestone.id,
        note: input.note,
        createdAt: now,
      });
      await attachFiles(tx, input.attachments, contract.workerId, "deliverable", id, now);
      set.submittedAt = now;
      const version = set.version!;
      for (const day of REMINDER_DAYS) {
        await enqueue(tx, "milestone.reminder", { milestoneId: milestone.id, version, day }, {
          now,
          runAt: now + day * DAY_MS,
        });
      }
      await enqueue(tx, "milestone.auto_release", { milestoneId: milestone.id, version }, {
        now,
        runAt: now + AUTO_RELEASE_DAYS * DAY_MS,
      });
      await fx.notify({
        userId: contract.clientId,
        type: "milestone.submitted",
        title: `Work delivered for “${milestone.title}”`,
        body: `Review it and approve, or ask for a revision. Without an answer it is approved ` +
          `automatically in ${AUTO_RELEASE_DAYS} days.`,
        link,
        data,
      });
      break;
    }
    case "request_revision": {
      const [latest] = await tx.select({ id: deliverables.id }).from(deliverables)
        .where(eq(deliverables.milestoneId, milestone.id))
        .orderBy(desc(deliverables.createdAt), desc(deliverables.id)).limit(1);
      if (latest) {
        await tx.update(deliverables).set({ revisionNote: input.note })
          .where(eq(deliverables.id, latest.id));
      }
      await fx.notify({
        userId: contract.workerId,
        type: "milestone.revision_requested",
        title: `Revision requested on “${milestone.title}”`,
        body: input.note.slice(0, 200),
        link,
        data,
      });
      break;
    }
    case "approve": {
      set.approvedAt = now;
      if (milestone.paymentMode === "escrow") {
        const ref = await callProvider("release", pay);
        await recordRelease(tx, contract, milestone, ref, now);
        set.releasedAt = now;
      }
      const released = milestone.paymentMode === "escrow";
      await fx.notify({
        userId: contract.workerId,
        type: released ? "milestone.released" : "milestone.approved",
        title: released
          ? `${amount} released for “${milestone.title}”`
          : `“${milestone.title}” approved`,
        body: (auto ? `Approved automatically after ${AUTO_RELEASE_DAYS} days. ` : "") +
          (released
            ? "The funds held are yours. Platform fee: 0."
            : `The client pays you ${amount} directly; confirm when it arrives.`),
        link,
        data,
      });
      break;
    }
  }
  const [updated] = await tx.update(milestones).set(set).where(eq(milestones.id, milestone.id))
    .returning();
  await touchContract(fx, contract);
  emitMilestone(fx, updated);
  if (updated.status === "released") await completeIfDone(fx, contract.id);
  return updated;
}

export async function touchContract(fx: Effects, contract: Pick<Contract, "id">) {
  await fx.tx.update(contracts).set({ updatedAt: fx.now }).where(eq(contracts.id, contract.id));
}

export function emitMilestone(fx: Effects, m: Milestone) {
  fx.emit(`contract:${m.contractId}`, {
    type: "milestone.changed",
    milestoneId: m.id,
    contractId: m.contractId,
    status: m.status,
  });
}
