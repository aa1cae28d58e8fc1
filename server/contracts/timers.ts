/** SCAFFOLD — replaced by the contracts work: milestone reminders, auto-release, dispute deadlines. */
import type { JobContext, JobHandlers } from "@/server/jobs/worker.ts";

type Kinds = "milestone.reminder" | "milestone.auto_release" | "dispute.deadline";

export function contractJobHandlers(_ctx: JobContext): Pick<JobHandlers, Kinds> {
  const todo = (kind: string) => () => Promise.reject(new Error(`${kind} is not implemented yet`));
  return {
    "milestone.reminder": todo("milestone.reminder"),
    "milestone.auto_release": todo("milestone.auto_release"),
    "dispute.deadline": todo("dispute.deadline"),
  };
}
