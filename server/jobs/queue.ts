/**
 * The durable job queue (outbox pattern). `enqueue` writes a job inside the caller's
 * transaction, so the job exists exactly when the change that caused it does. A worker
 * (worker.ts) claims due jobs with a lease and retries failures with exponential backoff.
 */
import { and, asc, eq, lte, or, sql } from "drizzle-orm";
import type { Reader, Tx } from "@/db/client.ts";
import { backgroundJobs } from "@/db/schema.ts";
import type { MailMessage } from "@/server/mail/mailer.ts";

/** Every job kind with its payload. Add a kind here, then register its handler in main. */
export interface JobPayloads {
  "mail.send": MailMessage;
  /** Notify users whose saved searches or skills match a newly published job. */
  "search.match_job": { jobId: string };
  /** Remind the client that a submitted milestone waits for an answer (day 5 and day 12). */
  "milestone.reminder": { milestoneId: string; version: number; day: number };
  /** Release a submitted milestone the client neither approved nor answered in 14 days. */
  "milestone.auto_release": { milestoneId: string; version: number };
  /** The other side of a dispute had 5 days to answer: hand it to an admin. */
  "dispute.deadline": { disputeId: string };
  /** A call still ringing after CHAT_LIMITS.callRingSeconds becomes missed. */
  "call.ring_timeout": { callId: string };
}
export type JobKind = keyof JobPayloads;

export interface EnqueueOptions {
  runAt?: number;
  maxAttempts?: number;
}

export async function enqueue<K extends JobKind>(
  tx: Tx,
  kind: K,
  payload: JobPayloads[K],
  options: EnqueueOptions & { now: number },
): Promise<number> {
  const [row] = await tx.insert(backgroundJobs).values({
    kind,
    payload,
    runAt: options.runAt ?? options.now,
    maxAttempts: options.maxAttempts ?? 3,
    createdAt: options.now,
  }).returning({ id: backgroundJobs.id });
  return row.id;
}

/** Claims the next due job (pending, or running with an expired lease) for `owner`. */
export async function claimNextJob(tx: Tx, owner: string, now: number, leaseMs: number) {
  const [due] = await tx.select({ id: backgroundJobs.id }).from(backgroundJobs).where(
    or(
      and(eq(backgroundJobs.status, "pending"), lte(backgroundJobs.runAt, now)),
      and(eq(backgroundJobs.status, "running"), lte(backgroundJobs.lockedUntil, now)),
    ),
  ).orderBy(asc(backgroundJobs.runAt)).limit(1);
  if (!due) return null;
  const [job] = await tx.update(backgroundJobs).set({
    status: "running",
    attempts: sql`${backgroundJobs.attempts} + 1`,
    lockedUntil: now + leaseMs,
    lockedBy: owner,
  }).where(eq(backgroundJobs.id, due.id)).returning();
  return job;
}

export async function completeJob(tx: Tx, id: number, now: number) {
  await tx.update(backgroundJobs).set({
    status: "done",
    finishedAt: now,
    lockedUntil: null,
    lockedBy: null,
  }).where(eq(backgroundJobs.id, id));
}

/** Schedules a retry after `backoffMs`, or marks the job failed once its attempts are spent. */
export async function failJob(
  tx: Tx,
  job: { id: number; attempts: number; maxAttempts: number },
  error: string,
  now: number,
  backoffMs: number,
): Promise<"retry" | "failed"> {
  const spent = job.attempts >= job.maxAttempts;
  await tx.update(backgroundJobs).set({
    status: spent ? "failed" : "pending",
    lastError: error.slice(0, 2000),
    runAt: spent ? undefined : now + backoffMs,
    finishedAt: spent ? now : null,
    lockedUntil: null,
    lockedBy: null,
  }).where(eq(backgroundJobs.id, job.id));
  return spent ? "failed" : "retry";
}

/** Hands back the leases `owner` holds (graceful shutdown), so another worker can run them now. */
export async function releaseLeases(tx: Tx, owner: string) {
  await tx.update(backgroundJobs).set({
    status: "pending",
    lockedUntil: null,
    lockedBy: null,
    attempts: sql`max(${backgroundJobs.attempts} - 1, 0)`,
  }).where(and(eq(backgroundJobs.status, "running"), eq(backgroundJobs.lockedBy, owner)));
}

export async function countJobsByStatus(db: Reader) {
  const rows = await db.select({ status: backgroundJobs.status, n: sql<number>`count(*)` })
    .from(backgroundJobs).groupBy(backgroundJobs.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<
    Record<"pending" | "running" | "done" | "failed", number>
  >;
}
