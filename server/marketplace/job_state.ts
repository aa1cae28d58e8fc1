/** The one way a job's status changes (lib/lifecycles.ts JOB): used by jobs and contracts alike. */
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client.ts";
import { type Job, jobs } from "@/db/schema_marketplace.ts";
import { type Actor, JOB } from "@/lib/lifecycles.ts";
import { notFound } from "@/server/errors.ts";
import { transition } from "@/server/lifecycle.ts";

export async function transitionJob(
  tx: Tx,
  jobId: string,
  action: keyof typeof JOB.transitions,
  actor: Actor,
  now: number,
): Promise<Job> {
  const [job] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
  if (!job || job.deletedAt !== null) throw notFound("This job");
  const status = transition(JOB, job.status, action, actor);
  const [updated] = await tx.update(jobs).set({
    status,
    updatedAt: now,
    ...(action === "publish" ? { publishedAt: now } : {}),
  }).where(eq(jobs.id, jobId)).returning();
  return updated;
}
