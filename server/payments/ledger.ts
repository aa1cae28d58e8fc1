/**
 * The money ledger: every movement is one double-entry transaction (rows sharing a txn_id)
 * whose amounts sum to zero per currency. Accounts:
 *
 * - `client:<userId>`   what a client has put in (goes negative as they pay)
 * - `held:<contractId>` funds held for a contract's escrow milestones
 * - `worker:<userId>`   what a worker has received
 * - `platform:fees`     WorkMate's commission: always 0, recorded so it shows as such
 *
 * Movements: fund (escrow) client → held; release held → worker (+ fee 0); refund held →
 * client; a direct payment client → worker (+ fee 0), recorded when the worker confirms
 * receipt (the client's "paid" is only a claim until then).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Reader, Tx } from "@/db/client.ts";
import { type Contract, ledgerEntries, type Milestone, milestones } from "@/db/schema_contracts.ts";
import type { LedgerSummaryT } from "@/lib/schemas/contracts.ts";

export const PLATFORM_FEES = "platform:fees";
export const clientAccount = (userId: string) => `client:${userId}`;
export const workerAccount = (userId: string) => `worker:${userId}`;
export const heldAccount = (contractId: string) => `held:${contractId}`;

export interface Posting {
  account: string;
  amountMinor: number;
}

/** Writes one balanced transaction; throws (rolling back the caller) when it does not balance. */
export async function postTransaction(
  tx: Tx,
  input: { milestoneId: string | null; currency: string; memo: string; postings: Posting[] },
  now: number,
): Promise<string> {
  const sum = input.postings.reduce((s, p) => s + p.amountMinor, 0);
  if (sum !== 0 || input.postings.some((p) => !Number.isSafeInteger(p.amountMinor))) {
    throw new Error(`Unbalanced ledger transaction (${input.memo}): sums to ${sum}`);
  }
  const txnId = crypto.randomUUID();
  await tx.insert(ledgerEntries).values(input.postings.map((p) => ({
    txnId,
    milestoneId: input.milestoneId,
    account: p.account,
    amountMinor: p.amountMinor,
    currency: input.currency,
    memo: input.memo,
    createdAt: now,
  })));
  return txnId;
}

type Parties = Pick<Contract, "id" | "clientId" | "workerId">;

const memo = (what: string, m: Milestone, reference: string) =>
  `${what}: ${m.title} (${reference})`;

/** Escrow funding: the client's money becomes funds held for the contract. */
export function recordFunding(tx: Tx, c: Parties, m: Milestone, reference: string, now: number) {
  return postTransaction(tx, {
    milestoneId: m.id,
    currency: m.currency,
    memo: memo("Funds held", m, reference),
    postings: [
      { account: clientAccount(c.clientId), amountMinor: -m.amountMinor },
      { account: heldAccount(c.id), amountMinor: m.amountMinor },
    ],
  }, now);
}

/** Escrow release: held funds go to the worker; the platform fee line is 0. */
export function recordRelease(tx: Tx, c: Parties, m: Milestone, reference: string, now: number) {
  return postTransaction(tx, {
    milestoneId: m.id,
    currency: m.currency,
    memo: memo("Released", m, reference),
    postings: [
      { account: heldAccount(c.id), amountMinor: -m.amountMinor },
      { account: workerAccount(c.workerId), amountMinor: m.amountMinor },
      { account: PLATFORM_FEES, amountMinor: 0 },
    ],
  }, now);
}

/** Escrow refund: held funds go back to the client. */
export function recordRefund(tx: Tx, c: Parties, m: Milestone, reference: string, now: number) {
  return postTransaction(tx, {
    milestoneId: m.id,
    currency: m.currency,
    memo: memo("Refunded", m, reference),
    postings: [
      { account: heldAccount(c.id), amountMinor: -m.amountMinor },
      { account: clientAccount(c.clientId), amountMinor: m.amountMinor },
    ],
  }, now);
}

/** A direct payment, recorded when the worker confirms receipt; the platform fee line is 0. */
export function recordDirectPayment(
  tx: Tx,
  c: Parties,
  m: Milestone,
  reference: string,
  now: number,
) {
  return postTransaction(tx, {
    milestoneId: m.id,
    currency: m.currency,
    memo: memo("Paid directly", m, reference),
    postings: [
      { account: clientAccount(c.clientId), amountMinor: -m.amountMinor },
      { account: workerAccount(c.workerId), amountMinor: m.amountMinor },
      { account: PLATFORM_FEES, amountMinor: 0 },
    ],
  }, now);
}

/** The balance of one account in one currency. */
export async function accountBalance(db: Reader, account: string, currency: string) {
  const [row] = await db.select({ n: sql<number>`coalesce(sum(${ledgerEntries.amountMinor}), 0)` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.account, account), eq(ledgerEntries.currency, currency)));
  return Number(row?.n ?? 0);
}

/**
 * Funds held, released, paid directly and refunded for each contract, from the ledger itself
 * (a worker credit on an escrow milestone is a release, on a direct one a direct payment).
 */
export async function ledgerSummaries(
  db: Reader,
  contracts: Pick<Contract, "id" | "currency">[],
): Promise<Map<string, LedgerSummaryT>> {
  const out = new Map<string, LedgerSummaryT>();
  const money = (amountMinor: number, currency: string) => ({ amountMinor, currency });
  for (const c of contracts) {
    out.set(c.id, {
      held: money(0, c.currency),
      released: money(0, c.currency),
      paidDirectly: money(0, c.currency),
      refunded: money(0, c.currency),
      platformFee: money(0, c.currency),
    });
  }
  if (contracts.length === 0) return out;
  const rows = await db.select({
    contractId: milestones.contractId,
    mode: milestones.paymentMode,
    account: ledgerEntries.account,
    amount: ledgerEntries.amountMinor,
  }).from(ledgerEntries)
    .innerJoin(milestones, eq(milestones.id, ledgerEntries.milestoneId))
    .where(inArray(milestones.contractId, contracts.map((c) => c.id)));
  for (const r of rows) {
    const s = out.get(r.contractId)!;
    if (r.account.startsWith("held:")) s.held.amountMinor += r.amount;
    else if (r.account === PLATFORM_FEES) s.platformFee.amountMinor += r.amount;
    else if (r.account.startsWith("worker:") && r.amount > 0) {
      (r.mode === "escrow" ? s.released : s.paidDirectly).amountMinor += r.amount;
    } else if (r.account.startsWith("client:") && r.amount > 0) s.refunded.amountMinor += r.amount;
  }
  return out;
}

/** Every transaction that does not sum to zero per currency (empty when the ledger is sound). */
export async function unbalancedTransactions(db: Reader) {
  const rows = await db.select({
    txnId: ledgerEntries.txnId,
    currency: ledgerEntries.currency,
    sum: sql<number>`sum(${ledgerEntries.amountMinor})`,
  }).from(ledgerEntries).groupBy(ledgerEntries.txnId, ledgerEntries.currency);
  return rows.filter((r) => Number(r.sum) !== 0);
}

/** What a worker received in total per currency (for dashboards: earnings). */
export async function workerEarnings(db: Reader, workerId: string) {
  const rows = await db.select({
    currency: ledgerEntries.currency,
    n: sql<number>`sum(${ledgerEntries.amountMinor})`,
  }).from(ledgerEntries).where(eq(ledgerEntries.account, workerAccount(workerId)))
    .groupBy(ledgerEntries.currency);
  return rows.map((r) => ({ amountMinor: Number(r.n), currency: r.currency }));
}
