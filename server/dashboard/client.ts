/**
 * The client dashboard in a fixed number of queries: what waits for the client, their tasks
 * with proposal counts, open contracts, money per currency and their reputation.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import type { User } from "@/db/schema.ts";
import { jobs, proposals } from "@/db/schema_marketplace.ts";
import type { JobStatus } from "@/lib/lifecycles.ts";
import { listJobsByClient } from "@/server/marketplace/jobs.ts";
import { type ClientReputation, getClientReputation } from "@/server/reputation/metrics.ts";
import {
  ACTION_LIMIT,
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
  DashboardJob,
  MoneyRow,
} from "./types.ts";

/** The newest tasks listed on the dashboard. */
export const JOB_LIMIT = 10;

export interface ClientDashboard {
  actions: ActionItem[];
  jobs: DashboardJob[];
  /** Tasks per state (deleted ones excepted), for the summary above the list. */
  jobCounts: Partial<Record<JobStatus, number>>;
  contracts: DashboardContract[];
  completed: CompletedContract[];
  money: MoneyRow[];
  reputation: ClientReputation;
}

/** Open tasks with proposals the client has not answered yet (shortlist, decline or hire). */
async function unansweredProposals(db: Reader, clientId: string) {
  return await db.select({
    jobId: jobs.id,
    title: jobs.title,
    n: sql<number>`count(*)`,
    oldest: sql<number>`min(${proposals.createdAt})`,
  }).from(proposals).innerJoin(jobs, eq(jobs.id, proposals.jobId))
    .where(and(
      eq(jobs.clientId, clientId),
      eq(jobs.status, "open"),
      isNull(jobs.deletedAt),
      eq(proposals.status, "submitted"),
    ))
    .groupBy(jobs.id).orderBy(desc(sql`max(${proposals.createdAt})`)).limit(ACTION_LIMIT);
}

async function jobCounts(db: Reader, clientId: string) {
  const rows = await db.select({ status: jobs.status, n: sql<number>`count(*)` }).from(jobs)
    .where(and(eq(jobs.clientId, clientId), isNull(jobs.deletedAt))).groupBy(jobs.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function loadClientDashboard(
  db: Reader,
  user: User,
  now: number,
): Promise<ClientDashboard> {
  const [waiting, myJobs, counts, milestoneItems, disputeItems, reviewItems] = await Promise.all([
    unansweredProposals(db, user.id),
    listJobsByClient(db, user, { limit: JOB_LIMIT }),
    jobCounts(db, user.id),
    milestoneActionItems(db, user.id, "client"),
    disputeActionItems(db, user.id),
    reviewActionItems(db, user.id, "client"),
  ]);
  const [contracts, completed, money, reputation] = await Promise.all([
    openContracts(db, user.id, "client"),
    recentlyCompleted(db, user.id, "client"),
    moneyByCurrency(db, user.id, "client"),
    getClientReputation(db, user.id, now),
  ]);
  const proposalItems: ActionItem[] = waiting.map((w) => ({
    kind: "proposals",
    title: `${Number(w.n)} new proposal${Number(w.n) === 1 ? "" : "s"} to review`,
    detail: w.title,
    href: `/jobs/${w.jobId}/proposals`,
    cta: "Review proposals",
    since: Number(w.oldest),
  }));
  const newByJob = new Map(waiting.map((w) => [w.jobId, Number(w.n)]));
  return {
    // Disputes have a deadline, so they come first; the rest oldest first.
    actions: [
      ...disputeItems,
      ...[...proposalItems, ...milestoneItems, ...reviewItems].sort(byWaiting),
    ],
    jobs: myJobs.items.map((j) => ({
      id: j.id,
      title: j.title,
      status: j.status,
      proposalCount: j.proposalCount ?? 0,
      newProposals: newByJob.get(j.id) ?? 0,
      budget: j.budget,
      createdAt: j.createdAt,
      publishedAt: j.publishedAt,
    })),
    jobCounts: counts,
    contracts,
    completed,
    money,
    reputation,
  };
}
