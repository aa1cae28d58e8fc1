/**
 * Direct database fixtures for contracts, for tests of what happens AFTER the lifecycle
 * (reviews, reputation, profiles) without driving every step through the API. One call
 * inserts, in one transaction, what the real flow would have left behind:
 *
 *   job (published, then in_progress / completed) → accepted proposal → contract →
 *   milestones (default: one escrow milestone, funded and released) → deliverables for
 *   submitted milestones → balanced ledger rows (fund, release, or direct payment, fee 0)
 *   → a dispute row when `disputed`.
 *
 * Everything is shaped as the use cases write it, but nothing here goes through them: the
 * whole-lifecycle API test is what proves the real path.
 */
import type { TestServer } from "./server.ts";
import { jobs, proposals } from "@/db/schema_marketplace.ts";
import {
  contracts,
  deliverables,
  disputes,
  ledgerEntries,
  milestones,
} from "@/db/schema_contracts.ts";

export const DAY = 86_400_000;

export interface MilestoneFixture {
  paymentMode?: "escrow" | "direct";
  status?: typeof milestones.$inferInsert.status;
  amountMinor?: number;
  dueAt?: number | null;
  fundedAt?: number | null;
  submittedAt?: number | null;
  paidAt?: number | null;
  releasedAt?: number | null;
}

export interface ContractFixtureOptions {
  clientId: string;
  workerId: string;
  title?: string;
  currency?: string;
  /** Default "completed". */
  status?: "active" | "disputed" | "completed" | "cancelled";
  /** When the contract was created (hired); default 10 days before `completedAt`/now. */
  createdAt?: number;
  /** Default: the server clock's now when status is completed, else null. */
  completedAt?: number | null;
  /** When the proposal was sent; default 1 day before createdAt. */
  proposalAt?: number;
  /** How long the client took to first answer the proposal; default 1 hour. */
  clientResponseMs?: number;
  /** Default: one escrow milestone of 10,000 minor units, funded, submitted and released. */
  milestones?: MilestoneFixture[];
  /** Adds a dispute row (resolved) to the contract. */
  disputed?: boolean;
}

export interface ContractFixture {
  jobId: string;
  proposalId: string;
  contractId: string;
  milestoneIds: string[];
}

/** Inserts a job, its accepted proposal and a contract (completed by default). */
export async function insertContract(
  server: TestServer,
  opts: ContractFixtureOptions,
): Promise<ContractFixture> {
  const now = server.deps.clock.now();
  const status = opts.status ?? "completed";
  const completedAt = opts.completedAt !== undefined
    ? opts.completedAt
    : status === "completed"
    ? now
    : null;
  const createdAt = opts.createdAt ?? (completedAt ?? now) - 10 * DAY;
  const proposalAt = opts.proposalAt ?? createdAt - DAY;
  const currency = opts.currency ?? "USD";
  const title = opts.title ?? "Assemble a wardrobe";
  const ids = {
    jobId: crypto.randomUUID(),
    proposalId: crypto.randomUUID(),
    contractId: crypto.randomUUID(),
  };
  const specs = opts.milestones ?? [{}];
  const milestoneIds = specs.map(() => crypto.randomUUID());

  await server.deps.db.write(async (tx) => {
    await tx.insert(jobs).values({
      id: ids.jobId,
      clientId: opts.clientId,
      title,
      description: `${title}: the fixture's description.`,
      category: "home",
      skills: ["assembly"],
      budgetType: "fixed",
      budgetMinMinor: 10_000,
      budgetMaxMinor: 10_000,
      currency,
      isRemote: true,
      status: status === "completed" ? "completed" : "in_progress",
      publishedAt: proposalAt - DAY,
      createdAt: proposalAt - DAY,
      updatedAt: createdAt,
    });
    await tx.insert(proposals).values({
      id: ids.proposalId,
      jobId: ids.jobId,
      workerId: opts.workerId,
      kind: "instant",
      amountMinor: 10_000,
      currency,
      status: "accepted",
      firstResponseAt: proposalAt + (opts.clientResponseMs ?? 3600_000),
      createdAt: proposalAt,
      updatedAt: createdAt,
    });
    await tx.insert(contracts).values({
      id: ids.contractId,
      jobId: ids.jobId,
      proposalId: ids.proposalId,
      clientId: opts.clientId,
      workerId: opts.workerId,
      title,
      currency,
      status,
      completedAt,
      createdAt,
      updatedAt: completedAt ?? createdAt,
    });
    for (const [i, spec] of specs.entries()) {
      const m = {
        paymentMode: spec.paymentMode ?? "escrow",
        status: spec.status ?? "released",
        amountMinor: spec.amountMinor ?? 10_000,
        dueAt: spec.dueAt ?? null,
        fundedAt: spec.fundedAt !== undefined ? spec.fundedAt : createdAt + 3600_000,
        submittedAt: spec.submittedAt !== undefined ? spec.submittedAt : createdAt + 2 * DAY,
        paidAt: spec.paidAt ?? null,
        releasedAt: spec.releasedAt !== undefined ? spec.releasedAt : (completedAt ?? null),
      };
      if (m.paymentMode === "direct" && spec.fundedAt === undefined) m.fundedAt = null;
      await tx.insert(milestones).values({
        id: milestoneIds[i],
        contractId: ids.contractId,
        position: i + 1,
        title: `Milestone ${i + 1}`,
        amountMinor: m.amountMinor,
        currency,
        dueAt: m.dueAt,
        paymentMode: m.paymentMode,
        status: m.status,
        fundedAt: m.fundedAt,
        submittedAt: m.submittedAt,
        paidAt: m.paidAt,
        releasedAt: m.status === "released" ? m.releasedAt : null,
        createdAt,
        updatedAt: completedAt ?? createdAt,
      });
      if (m.submittedAt !== null) {
        await tx.insert(deliverables).values({
          id: crypto.randomUUID(),
          milestoneId: milestoneIds[i],
          note: "Done, see photos.",
          createdAt: m.submittedAt,
        });
      }
      const rows = ledgerRows(ids.contractId, opts, milestoneIds[i], { ...m, currency });
      if (rows.length) await tx.insert(ledgerEntries).values(rows);
    }
    if (opts.disputed) {
      await tx.insert(disputes).values({
        id: crypto.randomUUID(),
        contractId: ids.contractId,
        openedBy: opts.clientId,
        reason: "The work was not finished.",
        status: "resolved",
        respondBy: createdAt + 6 * DAY,
        resolution: "Settled.",
        createdAt: createdAt + DAY,
        updatedAt: createdAt + 2 * DAY,
      });
    }
  });
  return { ...ids, milestoneIds };
}

/** Shorthand: a completed contract between the two, completed at `completedAt` (default now). */
export function insertCompletedContract(
  server: TestServer,
  clientId: string,
  workerId: string,
  extra: Partial<ContractFixtureOptions> = {},
) {
  return insertContract(server, { clientId, workerId, ...extra });
}

/** The balanced ledger rows the payment flow would have written for a milestone's state. */
function ledgerRows(
  contractId: string,
  parties: { clientId: string; workerId: string },
  milestoneId: string,
  m: {
    paymentMode: string;
    status: string;
    amountMinor: number;
    currency: string;
    fundedAt: number | null;
    releasedAt: number | null;
  },
) {
  const rows: (typeof ledgerEntries.$inferInsert)[] = [];
  const post = (memo: string, at: number, postings: [string, number][]) => {
    const txnId = crypto.randomUUID();
    for (const [account, amountMinor] of postings) {
      rows.push({
        txnId,
        milestoneId,
        account,
        amountMinor,
        currency: m.currency,
        memo,
        createdAt: at,
      });
    }
  };
  const client = `client:${parties.clientId}`;
  const worker = `worker:${parties.workerId}`;
  const held = `held:${contractId}`;
  const at = m.releasedAt ?? m.fundedAt ?? 0;
  if (m.paymentMode === "escrow" && m.fundedAt !== null && m.status !== "pending") {
    post("Funds held (fixture)", m.fundedAt, [[client, -m.amountMinor], [held, m.amountMinor]]);
    if (m.status === "released") {
      post("Released (fixture)", at, [[held, -m.amountMinor], [worker, m.amountMinor], [
        "platform:fees",
        0,
      ]]);
    }
  }
  if (m.paymentMode === "direct" && m.status === "released") {
    post("Paid directly (fixture)", at, [[client, -m.amountMinor], [worker, m.amountMinor], [
      "platform:fees",
      0,
    ]]);
  }
  return rows;
}
