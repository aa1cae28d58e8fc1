/** One task in a list of search results: title, budget, place or remote, skills, when posted. */
import { type Category, CATEGORY_LABELS, formatBudget } from "@/lib/job_display.ts";
import type { JobSummaryView } from "@/lib/schemas/jobs.ts";
import { Icon } from "./Icon.tsx";

/** "just now", "5 min ago", "3 h ago", "2 days ago", then a date. */
export function timeAgo(iso: string | null, now: number): string {
  if (!iso) return "not published";
  const ms = now - Date.parse(iso);
  const min = Math.floor(ms / 60_000);
  if (min < 1) return "just now";
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ago`;
  const days = Math.floor(h / 24);
  if (days < 30) return `${days} day${days === 1 ? "" : "s"} ago`;
  return new Date(iso).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
  });
}

export function placeText(job: Pick<JobSummaryView, "remote" | "location" | "distanceKm">): string {
  if (job.remote || !job.location) return "Remote";
  const away = job.distanceKm !== undefined && job.distanceKm !== null
    ? ` · ${job.distanceKm} km away`
    : "";
  return `${job.location.name}${away}`;
}

export function JobCard({ job, now }: { job: JobSummaryView; now: number }) {
  return (
    <article class="job-card" data-job-id={job.id}>
      <div class="job-card-head">
        <h3 class="job-card-title">
          <a href={`/jobs/${job.id}`}>{job.title}</a>
        </h3>
        <p class="job-card-budget">{formatBudget(job.budget)}</p>
      </div>
      <p class="job-card-meta">
        <span class="job-place">
          <Icon name={job.remote ? "chat" : "pin"} size={16} /> {placeText(job)}
        </span>
        <span>{CATEGORY_LABELS[job.category as Category] ?? job.category}</span>
        <span>
          Posted{" "}
          <time datetime={job.publishedAt ?? job.createdAt}>{timeAgo(job.publishedAt, now)}</time>
        </span>
        {job.priorityTags.includes("urgent") && <span class="badge badge-warning">Urgent</span>}
      </p>
      <p class="job-card-excerpt">{job.excerpt}</p>
      {job.skills.length > 0 && (
        <ul class="job-skills" aria-label="Skills">
          {job.skills.map((s) => <li key={s} class="job-skill">{s}</li>)}
        </ul>
      )}
    </article>
  );
}
