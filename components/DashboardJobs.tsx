/** A client's tasks on their dashboard: every state, with proposal counts and a state pill. */
import { formatBudget } from "@/lib/job_display.ts";
import type { JobStatus } from "@/lib/lifecycles.ts";
import type { DashboardJob } from "@/server/dashboard/types.ts";
import { DashboardCard, DashboardEmpty } from "./DashboardCard.tsx";
import { timeAgo } from "./JobCard.tsx";
import { statusLabel, StatusPill } from "./StatusPill.tsx";

const ORDER: JobStatus[] = ["draft", "open", "in_progress", "completed", "cancelled"];

export function DashboardJobs({ jobs, counts, now }: {
  jobs: DashboardJob[];
  counts: Partial<Record<JobStatus, number>>;
  now: number;
}) {
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <DashboardCard
      id="my-jobs"
      title="My tasks"
      count={total}
      link={{ href: "/jobs/new", label: "Post a task" }}
    >
      {total > 0 && (
        <p class="dash-job-counts">
          {ORDER.filter((s) => counts[s]).map((s) => (
            <span>
              <strong>{counts[s]}</strong> {statusLabel(s).toLowerCase()}
            </span>
          ))}
        </p>
      )}
      {jobs.length === 0
        ? (
          <DashboardEmpty>
            You have not posted a task yet. <a href="/jobs/new">Post your first task</a>{" "}
            — workers nearby or anywhere send you offers, and you pay no commission.
          </DashboardEmpty>
        )
        : (
          <ul class="dash-job-list">
            {jobs.map((j) => (
              <li class="dash-job" data-job-id={j.id}>
                <div class="dash-job-main">
                  <a class="dash-job-title" href={`/jobs/${j.id}`}>{j.title}</a>
                  <span class="muted dash-job-meta">
                    {formatBudget(j.budget)} ·{" "}
                    {j.publishedAt ? `posted ${timeAgo(j.publishedAt, now)}` : "not published"}
                  </span>
                </div>
                <div class="dash-job-side">
                  <a class="dash-job-proposals" href={`/jobs/${j.id}/proposals`}>
                    {j.proposalCount} proposal{j.proposalCount === 1 ? "" : "s"}
                    {j.newProposals > 0 && <span class="badge">{j.newProposals} new</span>}
                  </a>
                  <StatusPill kind="job" status={j.status} />
                </div>
              </li>
            ))}
          </ul>
        )}
      {jobs.length < total && (
        <p class="dash-footnote muted">Your {jobs.length} newest tasks are listed.</p>
      )}
    </DashboardCard>
  );
}
