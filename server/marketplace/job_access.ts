/** Who may see a job: shared by the job routes, the file route and search. */
import type { Job } from "@/db/schema_marketplace.ts";
import type { JobStatus } from "@/lib/lifecycles.ts";

/** States anyone (signed in or not) may see; drafts and cancelled tasks are the owner's. */
export const PUBLIC_JOB_STATUSES: readonly JobStatus[] = ["open", "in_progress", "completed"];

export function canSeeJob(
  job: Pick<Job, "clientId" | "status" | "deletedAt">,
  viewerId: string | null,
): boolean {
  if (viewerId !== null && job.clientId === viewerId) return true;
  return job.deletedAt === null && PUBLIC_JOB_STATUSES.includes(job.status);
}
