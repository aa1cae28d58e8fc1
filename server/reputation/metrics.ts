/**
 * Reputation of a worker or a client: reads the rows each formula needs (formulas.ts) and
 * applies it. Only visible reviews count, with the same rule every review read uses.
 */
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { users } from "@/db/schema.ts";
import { contracts, milestones } from "@/db/schema_contracts.ts";
import { jobs, proposals } from "@/db/schema_marketplace.ts";
import { reviews } from "@/db/schema_social.ts";
import { visibleReviewCondition } from "@/server/reviews/visibility.ts";
import {
  averageRating,
  isPaidOut,
  jobSuccess,
  medianDelay,
  type MedianDuration,
  paymentReliability,
  ratio,
  sumByCurrency,
  workerScore,
} from "./formulas.ts";

export interface WorkerReputation {
  averageRating: number | null;
  reviewCount: number;
  completedContracts: number;
  distinctClients: number;
  jobSuccess: number | null;
  responseTime: MedianDuration | null;
  score: number | null;
  scoreStatus: "scored" | "new";
}

export interface ClientReputation {
  averageRating: number | null;
  reviewCount: number;
  jobsPosted: number;
  jobsHired: number;
  hireRate: number | null;
  totalPaid: { amountMinor: number; currency: string }[];
  paymentReliability: number | null;
  milestonesDue: number;
  responseTime: MedianDuration | null;
}

export interface WorkHistoryEntry {
  contractId: string;
  title: string;
  client: { id: string; displayName: string };
  startedAt: number;
  completedAt: number;
  released: { amountMinor: number; currency: string };
}

/** Ratings of the reviews about `userId` that anyone may see now. */
export async function visibleRatings(db: Reader, userId: string, now: number): Promise<number[]> {
  const rows = await db.select({ rating: reviews.rating }).from(reviews)
    .innerJoin(contracts, eq(contracts.id, reviews.contractId))
    .where(and(eq(reviews.subjectId, userId), visibleReviewCondition(now)));
  return rows.map((r) => r.rating);
}

/** Average visible rating and review count for each of `userIds` (one query, for lists). */
export async function visibleRatingSummaries(
  db: Reader,
  userIds: string[],
  now: number,
): Promise<Map<string, { average: number; count: number }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select({
    userId: reviews.subjectId,
    average: sql<number>`avg(${reviews.rating})`,
    count: sql<number>`count(*)`,
  }).from(reviews)
    .innerJoin(contracts, eq(contracts.id, reviews.contractId))
    .where(and(inArray(reviews.subjectId, userIds), visibleReviewCondition(now)))
    .groupBy(reviews.subjectId);
  return new Map(
    rows.map((r) => [r.userId, { average: Number(r.average), count: Number(r.count) }]),
  );
}

export async function getWorkerReputation(
  db: Reader,
  workerId: string,
  now: number,
): Promise<WorkerReputation> {
  const rows = await db.select({
    id: contracts.id,
    clientId: contracts.clientId,
    status: contracts.status,
    createdAt: contracts.createdAt,
    // Written out in full: drizzle leaves columns unqualified in a one-table select.
    everDisputed: sql<
      number
    >`exists (select 1 from disputes d where d.contract_id = "contracts"."id")`,
    firstDeliveryAt: sql<number | null>`(select min(d.created_at) from deliverables d
      join milestones m on m.id = d.milestone_id where m.contract_id = "contracts"."id")`,
  }).from(contracts).where(eq(contracts.workerId, workerId));
  const outcomes = rows.map((r) => ({ status: r.status, everDisputed: Boolean(r.everDisputed) }));
  const completed = rows.filter((r) => r.status === "completed");
  const ratings = await visibleRatings(db, workerId, now);
  const avg = averageRating(ratings);
  const success = jobSuccess(outcomes);
  const score = workerScore({
    completedClientIds: completed.map((r) => r.clientId),
    jobSuccess: success,
    averageRating: avg,
  });
  return {
    averageRating: avg,
    reviewCount: ratings.length,
    completedContracts: completed.length,
    distinctClients: new Set(completed.map((r) => r.clientId)).size,
    jobSuccess: success,
    responseTime: medianDelay(
      rows.map((r) => ({
        from: r.createdAt,
        to: r.firstDeliveryAt === null ? null : Number(r.firstDeliveryAt),
      })),
    ),
    score: score.score,
    scoreStatus: score.status,
  };
}

/** Completed contracts of a worker, newest first, with what was released on each. */
export async function listWorkHistory(
  db: Reader,
  workerId: string,
  limit = 50,
): Promise<WorkHistoryEntry[]> {
  const rows = await db.select({
    contractId: contracts.id,
    title: contracts.title,
    clientId: contracts.clientId,
    clientName: users.displayName,
    currency: contracts.currency,
    createdAt: contracts.createdAt,
    completedAt: contracts.completedAt,
  }).from(contracts).innerJoin(users, eq(users.id, contracts.clientId))
    .where(and(
      eq(contracts.workerId, workerId),
      eq(contracts.status, "completed"),
      isNotNull(contracts.completedAt),
    ))
    .orderBy(desc(contracts.completedAt), desc(contracts.id)).limit(limit);
  if (rows.length === 0) return [];
  const released = await db.select({
    contractId: milestones.contractId,
    amountMinor: sql<number>`sum(${milestones.amountMinor})`,
  }).from(milestones).where(and(
    inArray(milestones.contractId, rows.map((r) => r.contractId)),
    eq(milestones.status, "released"),
  )).groupBy(milestones.contractId);
  const byContract = new Map(released.map((r) => [r.contractId, Number(r.amountMinor)]));
  return rows.map((r) => ({
    contractId: r.contractId,
    title: r.title,
    client: { id: r.clientId, displayName: r.clientName },
    startedAt: r.createdAt,
    completedAt: r.completedAt as number,
    released: { amountMinor: byContract.get(r.contractId) ?? 0, currency: r.currency },
  }));
}

export async function getClientReputation(
  db: Reader,
  clientId: string,
  now: number,
): Promise<ClientReputation> {
  const [posted] = await db.select({ n: sql<number>`count(*)` }).from(jobs)
    .where(and(eq(jobs.clientId, clientId), isNotNull(jobs.publishedAt)));
  const [hired] = await db.select({ n: sql<number>`count(distinct ${contracts.jobId})` })
    .from(contracts).where(eq(contracts.clientId, clientId));
  const money = await db.select({
    paymentMode: milestones.paymentMode,
    status: milestones.status,
    amountMinor: milestones.amountMinor,
    currency: milestones.currency,
    dueAt: milestones.dueAt,
    fundedAt: milestones.fundedAt,
    submittedAt: milestones.submittedAt,
    paidAt: milestones.paidAt,
  }).from(milestones).innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .where(eq(contracts.clientId, clientId)).orderBy(asc(milestones.createdAt));
  const answered = await db.select({
    from: proposals.createdAt,
    to: proposals.firstResponseAt,
  }).from(proposals).innerJoin(jobs, eq(jobs.id, proposals.jobId))
    .where(eq(jobs.clientId, clientId));
  const ratings = await visibleRatings(db, clientId, now);
  const reliability = paymentReliability(money, now);
  const jobsPosted = Number(posted?.n ?? 0);
  const jobsHired = Number(hired?.n ?? 0);
  return {
    averageRating: averageRating(ratings),
    reviewCount: ratings.length,
    jobsPosted,
    jobsHired,
    hireRate: ratio(jobsHired, jobsPosted),
    totalPaid: sumByCurrency(money.filter(isPaidOut)),
    paymentReliability: reliability.reliability,
    milestonesDue: reliability.due,
    responseTime: medianDelay(answered),
  };
}
