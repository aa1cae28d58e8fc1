/**
 * Reads both dashboards share, each one query (or one per kind of thing) however many
 * contracts there are: what waits for the viewer (milestones, disputes, reviews), their open
 * contracts with every milestone, and their money per currency straight from the ledger.
 */
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { users } from "@/db/schema.ts";
import { contracts, disputes, milestones } from "@/db/schema_contracts.ts";
import { formatMoney } from "@/lib/schemas/proposals.ts";
import { milestoneActions, type Party } from "@/server/contracts/contracts.ts";
import { ledgerSummaries } from "@/server/payments/ledger.ts";
import type { ActionItem, CompletedContract, DashboardContract, MoneyRow } from "./types.ts";

/** At most this many items of one kind in "Needs your action" (the oldest first). */
export const ACTION_LIMIT = 25;
/** At most this many open contracts on a dashboard (the most recently active first). */
export const CONTRACT_LIMIT = 12;
/** Recently completed contracts listed under the open ones. */
export const COMPLETED_LIMIT = 3;

const partyColumn = (role: Party) => role === "client" ? contracts.clientId : contracts.workerId;
const otherColumn = (role: Party) => role === "client" ? contracts.workerId : contracts.clientId;

/** Milestone states in which `role` may have something to do (milestoneActions decides). */
const WAITING_ON: Record<
  Party,
  ("pending" | "funded" | "submitted" | "revision_requested" | "approved" | "paid")[]
> = {
  client: ["pending", "submitted", "approved"],
  worker: ["pending", "funded", "revision_requested", "paid"],
};

/** Milestones of the viewer's active contracts that wait for them, oldest first. */
export async function milestoneActionItems(
  db: Reader,
  userId: string,
  role: Party,
): Promise<ActionItem[]> {
  const rows = await db.select({
    id: milestones.id,
    title: milestones.title,
    status: milestones.status,
    paymentMode: milestones.paymentMode,
    amountMinor: milestones.amountMinor,
    currency: milestones.currency,
    updatedAt: milestones.updatedAt,
    contractId: contracts.id,
    contractTitle: contracts.title,
    other: users.displayName,
  }).from(milestones)
    .innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .innerJoin(users, eq(users.id, otherColumn(role)))
    .where(and(
      eq(partyColumn(role), userId),
      eq(contracts.status, "active"),
      inArray(milestones.status, WAITING_ON[role]),
    ))
    .orderBy(asc(milestones.updatedAt), asc(milestones.id))
    .limit(ACTION_LIMIT * 2);
  const items: ActionItem[] = [];
  for (const m of rows) {
    const actions = milestoneActions(m, "active", role);
    if (actions.length === 0) continue;
    const amount = formatMoney(m.amountMinor, m.currency);
    const href = `/contracts/${m.contractId}#milestone-${m.id}`;
    const on = `${m.title} · ${m.contractTitle}`;
    const base = { href, since: m.updatedAt };
    if (actions.includes("fund")) {
      items.push({
        ...base,
        kind: "fund",
        title: `Fund ${amount} so ${m.other} can start`,
        detail: on,
        cta: "Fund",
      });
    } else if (actions.includes("approve")) {
      items.push({
        ...base,
        kind: "review-delivery",
        title: `${m.other} delivered: approve or ask for a revision`,
        detail: on,
        cta: "Review the work",
      });
    } else if (actions.includes("mark-paid")) {
      items.push({
        ...base,
        kind: "pay",
        title: `Pay ${amount} to ${m.other} directly`,
        detail: `${on} · approved, then mark it paid`,
        cta: "Pay",
      });
    } else if (actions.includes("confirm-receipt")) {
      items.push({
        ...base,
        kind: "confirm",
        title: `Confirm you received ${amount}`,
        detail: `${on} · ${m.other} marked it paid`,
        cta: "Confirm",
      });
    } else if (actions.includes("submit")) {
      const revise = m.status === "revision_requested";
      items.push({
        ...base,
        kind: revise ? "revise" : "start",
        title: revise
          ? `${m.other} asked for a revision`
          : m.paymentMode === "escrow"
          ? `${amount} is held for you: start and deliver`
          : "Deliver the work (paid directly after approval)",
        detail: on,
        cta: revise ? "Deliver again" : "Deliver",
      });
    }
  }
  return items.slice(0, ACTION_LIMIT);
}

/** Open disputes on the viewer's contracts that the other side opened and they have not answered. */
export async function disputeActionItems(db: Reader, userId: string): Promise<ActionItem[]> {
  const rows = await db.select({
    contractId: contracts.id,
    title: contracts.title,
    respondBy: disputes.respondBy,
    createdAt: disputes.createdAt,
  }).from(disputes)
    .innerJoin(contracts, eq(contracts.id, disputes.contractId))
    .where(and(
      eq(disputes.status, "open"),
      ne(disputes.openedBy, userId),
      sql`(${contracts.clientId} = ${userId} OR ${contracts.workerId} = ${userId})`,
    ))
    .orderBy(asc(disputes.respondBy)).limit(ACTION_LIMIT);
  return rows.map((r) => ({
    kind: "dispute",
    title: "Answer a dispute",
    detail: `${r.title} · answer by ${new Date(r.respondBy).toISOString().slice(0, 10)}`,
    href: `/contracts/${r.contractId}#dispute-title`,
    cta: "Answer",
    since: r.createdAt,
  }));
}

/** Completed contracts the viewer has not reviewed yet, newest first. */
export async function reviewActionItems(
  db: Reader,
  userId: string,
  role: Party,
): Promise<ActionItem[]> {
  const rows = await db.select({
    contractId: contracts.id,
    title: contracts.title,
    completedAt: contracts.completedAt,
    updatedAt: contracts.updatedAt,
    other: users.displayName,
  }).from(contracts)
    .innerJoin(users, eq(users.id, otherColumn(role)))
    .where(and(
      eq(partyColumn(role), userId),
      eq(contracts.status, "completed"),
      sql`NOT EXISTS (SELECT 1 FROM reviews r
        WHERE r.contract_id = ${contracts.id} AND r.author_id = ${userId})`,
    ))
    .orderBy(desc(contracts.completedAt), desc(contracts.id)).limit(ACTION_LIMIT);
  return rows.map((r) => ({
    kind: "review",
    title: `Review ${r.other}`,
    detail: `${r.title} · completed`,
    href: `/reviews/${r.contractId}`,
    cta: "Leave a review",
    since: r.completedAt ?? r.updatedAt,
  }));
}

/** The viewer's active and disputed contracts with all their milestones and ledger totals. */
export async function openContracts(
  db: Reader,
  userId: string,
  role: Party,
): Promise<DashboardContract[]> {
  const rows = await db.select({
    contract: contracts,
    otherName: users.displayName,
  }).from(contracts)
    .innerJoin(users, eq(users.id, otherColumn(role)))
    .where(and(eq(partyColumn(role), userId), inArray(contracts.status, ["active", "disputed"])))
    .orderBy(desc(contracts.updatedAt), desc(contracts.id)).limit(CONTRACT_LIMIT);
  if (rows.length === 0) return [];
  const list = rows.map((r) => r.contract);
  const ms = await db.select().from(milestones)
    .where(inArray(milestones.contractId, list.map((c) => c.id)))
    .orderBy(asc(milestones.position));
  const ledgers = await ledgerSummaries(db, list);
  return rows.map(({ contract: c, otherName }) => {
    const mine = ms.filter((m) => m.contractId === c.id);
    const ledger = ledgers.get(c.id)!;
    const otherId = role === "client" ? c.workerId : c.clientId;
    return {
      id: c.id,
      title: c.title,
      status: c.status,
      otherParty: { id: otherId, displayName: otherName },
      milestones: mine.map((m) => ({
        id: m.id,
        position: m.position,
        title: m.title,
        amount: { amountMinor: m.amountMinor, currency: m.currency },
        paymentMode: m.paymentMode,
        status: m.status,
        dueAt: m.dueAt === null ? null : new Date(m.dueAt).toISOString(),
      })),
      held: ledger.held,
      paid: {
        amountMinor: ledger.released.amountMinor + ledger.paidDirectly.amountMinor,
        currency: c.currency,
      },
      total: { amountMinor: mine.reduce((s, m) => s + m.amountMinor, 0), currency: c.currency },
      updatedAt: c.updatedAt,
    };
  });
}

/** The viewer's most recently completed contracts with what was paid on each. */
export async function recentlyCompleted(
  db: Reader,
  userId: string,
  role: Party,
): Promise<CompletedContract[]> {
  const rows = await db.select({ contract: contracts, otherName: users.displayName })
    .from(contracts)
    .innerJoin(users, eq(users.id, otherColumn(role)))
    .where(and(eq(partyColumn(role), userId), eq(contracts.status, "completed")))
    .orderBy(desc(contracts.completedAt), desc(contracts.id)).limit(COMPLETED_LIMIT);
  const ledgers = await ledgerSummaries(db, rows.map((r) => r.contract));
  return rows.map(({ contract: c, otherName }) => {
    const l = ledgers.get(c.id)!;
    return {
      id: c.id,
      title: c.title,
      otherParty: { id: role === "client" ? c.workerId : c.clientId, displayName: otherName },
      completedAt: c.completedAt ?? c.updatedAt,
      paid: {
        amountMinor: l.released.amountMinor + l.paidDirectly.amountMinor,
        currency: c.currency,
      },
    };
  });
}

interface LedgerRow {
  currency: string;
  held: number;
  released: number;
  paid_directly: number;
  refunded: number;
  fee: number;
}

interface PendingRow {
  currency: string;
  to_fund: number;
  to_pay: number;
  awaiting: number;
}

/**
 * The viewer's money per currency over all their contracts as `role`: what the ledger holds,
 * released, paid directly and refunded (two grouped queries, whatever the number of contracts),
 * plus what is still to fund, to pay or to confirm.
 */
export async function moneyByCurrency(
  db: Reader,
  userId: string,
  role: Party,
): Promise<MoneyRow[]> {
  const party = sql.raw(role === "client" ? "c.client_id" : "c.worker_id");
  const ledger = await db.all<LedgerRow>(sql`
    SELECT le.currency AS currency,
      sum(CASE WHEN le.account LIKE 'held:%' THEN le.amount_minor ELSE 0 END) AS held,
      sum(CASE WHEN le.account LIKE 'worker:%' AND le.amount_minor > 0
        AND m.payment_mode = 'escrow' THEN le.amount_minor ELSE 0 END) AS released,
      sum(CASE WHEN le.account LIKE 'worker:%' AND le.amount_minor > 0
        AND m.payment_mode = 'direct' THEN le.amount_minor ELSE 0 END) AS paid_directly,
      sum(CASE WHEN le.account LIKE 'client:%' AND le.amount_minor > 0
        THEN le.amount_minor ELSE 0 END) AS refunded,
      sum(CASE WHEN le.account = 'platform:fees' THEN le.amount_minor ELSE 0 END) AS fee
    FROM ledger_entries le
    JOIN milestones m ON m.id = le.milestone_id
    JOIN contracts c ON c.id = m.contract_id
    WHERE ${party} = ${userId}
    GROUP BY le.currency`);
  const pending = await db.all<PendingRow>(sql`
    SELECT m.currency AS currency,
      sum(CASE WHEN m.payment_mode = 'escrow' AND m.status = 'pending'
        THEN m.amount_minor ELSE 0 END) AS to_fund,
      sum(CASE WHEN m.payment_mode = 'direct' AND m.status = 'approved'
        THEN m.amount_minor ELSE 0 END) AS to_pay,
      sum(CASE WHEN m.payment_mode = 'direct' AND m.status = 'paid'
        THEN m.amount_minor ELSE 0 END) AS awaiting
    FROM milestones m JOIN contracts c ON c.id = m.contract_id
    WHERE ${party} = ${userId} AND c.status IN ('active', 'disputed')
      AND m.status IN ('pending', 'approved', 'paid')
    GROUP BY m.currency`);
  const out = new Map<string, MoneyRow>();
  const row = (currency: string) => {
    let r = out.get(currency);
    if (!r) {
      r = {
        currency,
        held: 0,
        released: 0,
        paidDirectly: 0,
        refunded: 0,
        platformFee: 0,
        toFund: 0,
        toPay: 0,
        awaitingConfirmation: 0,
      };
      out.set(currency, r);
    }
    return r;
  };
  for (const l of ledger) {
    Object.assign(row(l.currency), {
      held: Number(l.held),
      released: Number(l.released),
      paidDirectly: Number(l.paid_directly),
      refunded: Number(l.refunded),
      platformFee: Number(l.fee),
    });
  }
  for (const p of pending) {
    Object.assign(row(p.currency), {
      toFund: Number(p.to_fund),
      toPay: Number(p.to_pay),
      awaitingConfirmation: Number(p.awaiting),
    });
  }
  return [...out.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Oldest waiting first, so nothing sits at the bottom for ever. */
export function byWaiting(a: ActionItem, b: ActionItem): number {
  return a.since - b.since;
}
