/** The job a job thread is about: title, budget, status, and its contract once there is one. */
import type { JobCardView } from "@/lib/schemas/chat.ts";
import { formatBudget } from "@/lib/job_display.ts";
import { Icon } from "./Icon.tsx";
import { StatusPill } from "./StatusPill.tsx";

export function ChatJobCard({ job }: { job: JobCardView }) {
  return (
    <aside class="chat-job-card" aria-label="The job this thread is about">
      <Icon name="briefcase" size={18} />
      <div class="chat-job-main">
        <a class="chat-job-title" href={`/jobs/${job.id}`}>{job.title}</a>
        <span class="muted">
          {formatBudget({
            type: job.budgetType,
            minMinor: job.budgetMinMinor,
            maxMinor: job.budgetMaxMinor,
            currency: job.currency,
          })}
        </span>
      </div>
      <div class="chat-job-side">
        <StatusPill status={job.status} kind="job" />
        {job.contract && <a href={`/contracts/${job.contract.id}`}>Contract</a>}
      </div>
    </aside>
  );
}
