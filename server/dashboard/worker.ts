/**
 * The worker dashboard in a fixed number of queries: what waits for the worker, tasks matching
 * their skills, their proposals by status, open contracts, earnings (total and by month, from
 * the ledger) and their reputation.
 */
import { and, desc, eq, gt, gte, inArray, ne, sql } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import type { User } from "@/db/schema.ts";
import { contracts, ledgerEntries } from "@/db/schema_contracts.ts";
import { jobs, proposals } from "@/db/schema_marketplace.ts";
import type { ProposalStatus } from "@/lib/lifecycles.ts";
import { MAX_SKILLS } from "@/lib/schemas/jobs.ts";
import type { JobSummaryView } from "@/lib/schemas/jobs.ts";
import { workerAccount } from "@/server/payments/ledger.ts";
import { getWorkerReputation, type WorkerReputation } from "@/server/reputation/metrics.ts";
import { searchJobs } from "@/server/marketplace/search.ts";
import {
  byWaiting,
  disputeActionItems,
  milestoneActionItems,
  moneyByCurrency,
  openContracts,
  recentlyCompleted,
  reviewActionItems,
} from "./shared.ts";
import type {
  ActionItem,
  CompletedContract,
  DashboardContract,
  DashboardProposal,
  EarningsMonth,
  MoneyRow,
} from "./types.ts";

/** Cards in the job feed. */
export const FEED_SIZE = 8;
/** Recent proposals listed (the counts cover all of them). */
export const PROPOSAL_LIMIT = 30;
/** Months of earnings shown, this one included. */
export const EARNINGS_MONTHS = 12;

export interface WorkerDashboard {
  actions: ActionItem[];
  /** Open tasks matching the worker's skills (or the newest ones without skills), newest first. */
  feed: JobSummaryView[];
  feedSkills: string[];
  proposals: DashboardProposal[];
  proposalCounts: Partial<Record<ProposalStatus, number>>;
  contracts: DashboardContract[];
  completed: CompletedContract[];
  money: MoneyRow[];
  earningsByMonth: EarningsMonth[];
  reputation: WorkerReputation;
}

/** Newest open tasks with any of the worker's skills that they have not applied to yet. */
async function jobFeed(db: Reader, user: User, skills: string[], now: number) {
  const found = await searchJobs(db, {
    skills: skills.length ? skills : undefined,
    sort: "recent",
    limit: FEED_SIZE * 2,
  }, { now, viewerId: user.id });
  const ids = found.items.map((j) => j.id);
  const applied = ids.length
    ? await db.select({ jobId: proposals.jobId }).from(proposals).where(and(
      eq(proposals.workerId, user.id),
      inArray(proposals.jobId, ids),
      ne(proposals.status, "withdrawn"),
    ))
    : [];
  const skip = new Set(applied.map((a) => a.jobId));
  return found.items.filter((j) => !skip.has(j.id)).slice(0, FEED_SIZE);
}

async function recentProposals(db: Reader, workerId: string): Promise<DashboardProposal[]> {
  const rows = await db.select({
    id: proposals.id,
    status: proposals.status,
    jobId: jobs.id,
    jobTitle: jobs.title,
    amountMinor: proposals.amountMinor,
    currency: proposals.currency,
    createdAt: proposals.createdAt,
    contractId: contracts.id,
  }).from(proposals)
    .innerJoin(jobs, eq(jobs.id, proposals.jobId))
    .leftJoin(contracts, eq(contracts.proposalId, proposals.id))
    .where(eq(proposals.workerId, workerId))
    .orderBy(desc(proposals.createdAt), desc(proposals.id)).limit(PROPOSAL_LIMIT);
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    job: { id: r.jobId, title: r.jobTitle },
    amount: { amountMinor: r.amountMinor, currency: r.currency },
    contractId: r.contractId,
    createdAt: r.createdAt,
  }));
}

async function proposalCounts(db: Reader, workerId: string) {
  const rows = await db.select({ status: proposals.status, n: sql<number>`count(*)` })
    .from(proposals).where(eq(proposals.workerId, workerId)).groupBy(proposals.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** The first day (UTC) of the month `monthsBack` months before `now`'s month. */
export function monthStart(now: number, monthsBack: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1);
}

/** What reached the worker per month (UTC) and currency, from their ledger account. */
async function earningsByMonth(db: Reader, workerId: string, now: number) {
  const month = sql<string>`strftime('%Y-%m', ${ledgerEntries.createdAt} / 1000, 'unixepoch')`;
  const rows = await db.select({
    month,
    currency: ledgerEntries.currency,
    n: sql<number>`sum(${ledgerEntries.amountMinor})`,
  }).from(ledgerEntries).where(and(
    eq(ledgerEntries.account, workerAccount(workerId)),
    gt(ledgerEntries.amountMinor, 0),
    gte(ledgerEntries.createdAt, monthStart(now, EARNINGS_MONTHS - 1)),
  )).groupBy(month, ledgerEntries.currency).orderBy(desc(month), ledgerEntries.currency);
  return rows.map((r) => ({ month: r.month, currency: r.currency, amountMinor: Number(r.n) }));
}

export async function loadWorkerDashboard(
  db: Reader,
  user: User,
  now: number,
): Promise<WorkerDashboard> {
  const feedSkills = user.skills.slice(0, MAX_SKILLS);
  const [milestoneItems, disputeItems, reviewItems, feed, list, counts] = await Promise.all([
    milestoneActionItems(db, user.id, "worker"),
    disputeActionItems(db, user.id),
    reviewActionItems(db, user.id, "worker"),
    jobFeed(db, user, feedSkills, now),
    recentProposals(db, user.id),
    proposalCounts(db, user.id),
  ]);
  const [open, completed, money, months, reputation] = await Promise.all([
    openContracts(db, user.id, "worker"),
    recentlyCompleted(db, user.id, "worker"),
    moneyByCurrency(db, user.id, "worker"),
    earningsByMonth(db, user.id, now),
    getWorkerReputation(db, user.id, now),
  ]);
  return {
    actions: [...disputeItems, ...[...milestoneItems, ...reviewItems].sort(byWaiting)],
    feed,
    feedSkills,
    proposals: list,
    proposalCounts: counts,
    contracts: open,
    completed,
    money,
    earningsByMonth: months,
    reputation,
  };
}
