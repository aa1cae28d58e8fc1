/** Newest open tasks matching the worker's skills, with a link to the full search. */
import type { JobSummaryView } from "@/lib/schemas/jobs.ts";
import { DashboardCard, DashboardEmpty } from "./DashboardCard.tsx";
import { JobCard } from "./JobCard.tsx";

export function DashboardJobFeed(
  { jobs, skills, now }: { jobs: JobSummaryView[]; skills: string[]; now: number },
) {
  const searchHref = skills.length
    ? `/jobs?${new URLSearchParams({ skills: skills.join(","), sort: "recent" })}`
    : "/jobs";
  return (
    <DashboardCard
      id="job-feed"
      title="Tasks for you"
      link={{ href: searchHref, label: "Search all" }}
    >
      <p class="muted dash-feed-intro">
        {skills.length
          ? (
            <>
              Newest open tasks asking for {skills.map((s, i) => (
                <>
                  {i > 0 && ", "}
                  <span class="job-skill">{s}</span>
                </>
              ))}, that you have not applied to yet.
            </>
          )
          : (
            <>
              The newest open tasks. <a href="/settings#f-skills">List your skills</a>{" "}
              to see the ones that match you.
            </>
          )}
      </p>
      {jobs.length === 0
        ? (
          <DashboardEmpty>
            No new tasks match right now. <a href={searchHref}>Search all tasks</a> or{" "}
            <a href="/saved-searches">save a search</a> to be told when one is posted.
          </DashboardEmpty>
        )
        : (
          <div class="dash-feed">
            {jobs.map((j) => <JobCard key={j.id} job={j} now={now} />)}
          </div>
        )}
    </DashboardCard>
  );
}
