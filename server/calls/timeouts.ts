/** SCAFFOLD — replaced by the calls work: a call still ringing after 30 s becomes missed. */
import type { JobContext, JobHandlers } from "@/server/jobs/worker.ts";

export function callJobHandlers(_ctx: JobContext): Pick<JobHandlers, "call.ring_timeout"> {
  return {
    "call.ring_timeout": () =>
      Promise.reject(new Error("call.ring_timeout is not implemented yet")),
  };
}
