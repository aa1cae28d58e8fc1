import { ChatMessageButton } from "@/components/ChatMessageButton.tsx";
import { StatusPill } from "@/components/StatusPill.tsx";
import { Icon } from "@/components/Icon.tsx";
import { placeText, timeAgo } from "@/components/JobCard.tsx";
import { Notice } from "@/components/Notice.tsx";
import {
  type Category,
  CATEGORY_LABELS,
  formatBudget,
  PRIORITY_LABELS,
} from "@/lib/job_display.ts";
import type { JobDetailView } from "@/lib/schemas/jobs.ts";
import { deleteJob, getJobDetail, publishJob } from "@/server/marketplace/jobs.ts";
import { getApplyContext } from "@/server/marketplace/proposals.ts";
import type { AppContext } from "@/server/web/context.ts";
import { formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

interface Data {
  job: JobDetailView;
  isOwner: boolean;
  canPublish: boolean;
  /** A worker with a live proposal on this job can message its client (the job thread). */
  canMessageClient: boolean;
  now: number;
  error?: string;
}

async function load(c: AppContext, error?: string, status?: number) {
  const { db, clock } = c.get("deps");
  const viewer = c.get("viewer");
  const job = await getJobDetail(db.orm, c.req.param("id")!, viewer?.user.id ?? null);
  const applied = viewer?.user.role === "worker" && viewer.user.id !== job.client.id
    ? (await getApplyContext(db.orm, viewer.user, job.id)).live !== null
    : false;
  return page<Data>({
    job,
    canMessageClient: applied,
    isOwner: viewer?.user.id === job.client.id,
    canPublish: viewer?.user.emailVerifiedAt !== null && viewer?.user.emailVerifiedAt !== undefined,
    now: clock.now(),
    error,
  }, { title: job.title, status });
}

export const handler = definePage<Data>({
  GET: (c) => load(c),
  async POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const id = c.req.param("id")!;
    const { intent } = await c.req.parseBody();
    const { db, bus, clock } = c.get("deps");
    const deps = { db, bus, now: clock.now() };
    try {
      if (intent === "publish") {
        await publishJob(deps, viewer.user, id);
        return seeOther(c, `/jobs/${id}?published=1`);
      }
      if (intent === "delete") {
        await deleteJob(deps, viewer.user, id);
        return seeOther(c, "/jobs?deleted=1");
      }
    } catch (err) {
      const failure = formFailure(c, err);
      if (failure.status === 404) throw err;
      return await load(
        c,
        failure.errors._form ?? Object.values(failure.errors)[0],
        failure.status,
      );
    }
    return await load(c, "Choose an action.", 400);
  },
});

export default function JobPage({ data, url, viewer }: PageProps<Data>) {
  const { job } = data;
  const confirmDelete = url.searchParams.get("confirm") === "delete";
  const editable = job.status === "draft" || job.status === "open";
  const images = job.attachments.filter((a) => a.kind === "image");
  const docs = job.attachments.filter((a) => a.kind !== "image");
  return (
    <div class="container page">
      {url.searchParams.get("published") && (
        <Notice kind="success" title="Your task is live">
          Workers with matching skills and saved searches are being told about it.
        </Notice>
      )}
      {url.searchParams.get("drafted") && (
        <Notice kind="info" title="Saved as a draft">
          Only you can see it until you publish it.
        </Notice>
      )}
      {url.searchParams.get("saved") && <Notice kind="success" title="Changes saved" />}
      {data.error && <Notice kind="error">{data.error}</Notice>}
      <div class="job-detail">
        <article class="card job-main">
          <p class="eyebrow">
            {CATEGORY_LABELS[job.category as Category] ?? job.category}
            {job.status !== "open" && <StatusPill kind="job" status={job.status} />}
          </p>
          <h1>{job.title}</h1>
          <p class="job-card-meta">
            <span class="job-place">
              <Icon name={job.remote ? "chat" : "pin"} size={16} /> {placeText(job)}
              {job.location && ` (workers within ${job.location.radiusKm} km)`}
            </span>
            <span>
              {job.publishedAt ? <>Posted {timeAgo(job.publishedAt, data.now)}</> : "Not published"}
            </span>
          </p>
          <div class="job-description">{job.description}</div>
          {job.skills.length > 0 && (
            <>
              <h2 class="h3">Skills</h2>
              <ul class="job-skills">
                {job.skills.map((s) => <li key={s} class="job-skill">{s}</li>)}
              </ul>
            </>
          )}
          {job.attachments.length > 0 && (
            <>
              <h2 class="h3">Attachments</h2>
              {images.length > 0 && (
                <ul class="job-images">
                  {images.map((a) => (
                    <li>
                      <a href={a.url}>
                        <img src={a.url} alt={a.fileName} loading="lazy" />
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              {docs.length > 0 && (
                <ul class="job-files">
                  {docs.map((a) => (
                    <li>
                      <a href={a.url}>
                        <Icon name="file" size={16} /> {a.fileName}
                      </a>{" "}
                      <span class="muted">{Math.max(1, Math.round(a.size / 1024))} KB</span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </article>
        <aside class="job-aside stack">
          <section class="card">
            <p class="job-budget">{formatBudget(job.budget)}</p>
            <p class="muted">
              {job.budget.type === "hourly" ? "Paid per hour" : "Fixed price"} · 0% commission
            </p>
            <dl class="facts">
              {job.deadline && (
                <div>
                  <dt>Deadline</dt>
                  <dd>
                    {new Date(job.deadline).toLocaleDateString("en-GB", {
                      day: "numeric",
                      month: "short",
                      year: "numeric",
                      timeZone: "UTC",
                    })}
                  </dd>
                </div>
              )}
              <div>
                <dt>Proposals</dt>
                <dd>{job.proposalCount}</dd>
              </div>
              {job.priorityTags.length > 0 && (
                <div>
                  <dt>Tags</dt>
                  <dd>
                    {job.priorityTags.map((t) =>
                      PRIORITY_LABELS[t as keyof typeof PRIORITY_LABELS] ?? t
                    ).join(", ")}
                  </dd>
                </div>
              )}
            </dl>
            {!data.isOwner && job.status === "open" && viewer?.role === "worker" && (
              <a class="button button-block" href={`/jobs/${job.id}/apply`}>Apply</a>
            )}
            {!viewer && job.status === "open" && (
              <a
                class="button button-block"
                href={`/login?next=${encodeURIComponent(`/jobs/${job.id}`)}`}
              >
                Log in to apply
              </a>
            )}
          </section>
          <section class="card">
            <h2 class="h3">Client</h2>
            <p>
              <a href={`/users/${job.client.id}`}>{job.client.displayName}</a>
            </p>
            {data.canMessageClient && (
              <ChatMessageButton
                userId={job.client.id}
                jobId={job.id}
                label={`Message ${job.client.displayName}`}
              />
            )}
          </section>
          {data.isOwner && (
            <section class="card owner-actions stack" aria-label="Manage this task">
              <h2 class="h3">Manage</h2>
              <a class="button button-secondary button-block" href={`/jobs/${job.id}/proposals`}>
                Review proposals ({job.proposalCount})
              </a>
              {editable && (
                <a class="button button-secondary button-block" href={`/jobs/${job.id}/edit`}>
                  Edit task
                </a>
              )}
              {job.status === "draft" && (data.canPublish
                ? (
                  <form method="post" action={`/jobs/${job.id}`}>
                    <button type="submit" class="button button-block" name="intent" value="publish">
                      Publish task
                    </button>
                  </form>
                )
                : <p class="field-hint">Confirm your email address to publish this draft.</p>)}
              {editable && !confirmDelete && (
                <a class="button button-ghost button-block" href={`/jobs/${job.id}?confirm=delete`}>
                  Delete task…
                </a>
              )}
              {editable && confirmDelete && (
                <form method="post" action={`/jobs/${job.id}`} class="confirm-delete stack">
                  <p>
                    <strong>Delete this task?</strong>{" "}
                    It disappears from search and open proposals are declined. This cannot be
                    undone.
                  </p>
                  <button
                    type="submit"
                    class="button button-danger button-block"
                    name="intent"
                    value="delete"
                  >
                    Yes, delete it
                  </button>
                  <a class="button button-ghost button-block" href={`/jobs/${job.id}`}>Keep it</a>
                </form>
              )}
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}
