import { JobForm } from "@/components/JobForm.tsx";
import { jobToFormValues, parseJobForm } from "@/lib/schemas/job_form.ts";
import type { JobDetailView } from "@/lib/schemas/jobs.ts";
import { HttpError, notFound } from "@/server/errors.ts";
import { getJobDetail, updateJob } from "@/server/marketplace/jobs.ts";
import { readMultipartForm, storeFormFiles } from "@/server/uploads/web.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Edit task";

interface Data {
  job: JobDetailView;
  values: Record<string, string>;
  tags: string[];
  removed: string[];
  errors: Record<string, string>;
}

/** The owner's job, or a 404 for everyone else (as the API's 403 would reveal a draft). */
async function ownJob(c: AppContext, viewer: Viewer): Promise<JobDetailView> {
  const job = await getJobDetail(c.get("deps").db.orm, c.req.param("id")!, viewer.user.id);
  if (job.client.id !== viewer.user.id) throw notFound("This task");
  return job;
}

export const handler = definePage<Data>({
  async GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const job = await ownJob(c, viewer);
    if (job.status !== "draft" && job.status !== "open") {
      return seeOther(c, `/jobs/${job.id}`);
    }
    return page<Data>({
      job,
      values: jobToFormValues(job),
      tags: job.priorityTags,
      removed: [],
      errors: {},
    }, { title: `Edit: ${job.title}` });
  },
  async POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const job = await ownJob(c, viewer);
    const form = await readMultipartForm(c);
    const tags = form.lists.priorityTags ?? [];
    const removed = form.lists.removeAttachment ?? [];
    const again = (errors: Record<string, string>, status: number) =>
      page<Data>({ job, values: form.values, tags, removed, errors }, { status });
    const parsed = parseJobForm(form.values, tags);
    if (!parsed.ok || !parsed.input) return again(parsed.errors, 422);
    const { db, bus, clock } = c.get("deps");
    try {
      const added = await storeFormFiles(c, viewer.user.id, form.files.attachments ?? []);
      const keep = job.attachments.map((a) => a.id).filter((id) => !removed.includes(id));
      await updateJob({ db, bus, now: clock.now() }, viewer.user, job.id, {
        ...parsed.input,
        attachments: [...keep, ...added],
      });
      return seeOther(c, `/jobs/${job.id}?saved=1`);
    } catch (err) {
      const failure = formFailure(c, err);
      const errors = err instanceof HttpError && !err.extra.errors?.length &&
          [413, 415, 429].includes(err.status)
        ? { attachments: err.message }
        : failure.errors;
      return again(errors, failure.status);
    }
  },
});

export default function EditJob({ data }: PageProps<Data>) {
  return (
    <div class="container page jobs-narrow">
      <header class="page-header">
        <p class="eyebrow">
          <a href={`/jobs/${data.job.id}`}>← Back to the task</a>
        </p>
        <h1>Edit task</h1>
      </header>
      <section class="card">
        <JobForm
          action={`/jobs/${data.job.id}/edit`}
          mode="edit"
          values={data.values}
          tags={data.tags}
          errors={data.errors}
          attachments={data.job.attachments}
          removed={data.removed}
          canPublish
          status={data.job.status}
        />
      </section>
    </div>
  );
}
