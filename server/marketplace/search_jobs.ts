/** SCAFFOLD — replaced by the search work: matches a newly published job to saved searches. */
import type { JobContext, JobHandlers } from "@/server/jobs/worker.ts";

export function searchJobHandlers(_ctx: JobContext): Pick<JobHandlers, "search.match_job"> {
  return {
    "search.match_job": () => Promise.reject(new Error("search.match_job is not implemented yet")),
  };
}
