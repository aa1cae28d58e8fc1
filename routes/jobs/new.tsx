import { JobForm } from "@/components/JobForm.tsx";
import { parseJobForm } from "@/lib/schemas/job_form.ts";
import { HttpError } from "@/server/errors.ts";
import { createJob } from "@/server/marketplace/jobs.ts";
import { readMultipartForm, storeFormFiles } from "@/server/uploads/web.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Post a task";

interface Data {
  isClient: boolean;
  canPublish: boolean;
  values: Record<string, string>;
  tags: string[];
  errors: Record<string, string>;
}

const DEFAULTS = { currency: "USD", where: "remote", budgetType: "fixed", radiusKm: "10" };

function render(viewer: Viewer, d: Partial<Data> = {}, status?: number) {
  return page<Data>({
    isClient: viewer.user.role === "client",
    canPublish: viewer.user.emailVerifiedAt !== null,
    values: d.values ?? DEFAULTS,
    tags: d.tags ?? [],
    errors: d.errors ?? {},
  }, { status: status ?? (viewer.user.role === "client" ? undefined : 403) });
}

async function post(c: AppContext, viewer: Viewer) {
  const form = await readMultipartForm(c);
  const tags = form.lists.priorityTags ?? [];
  const parsed = parseJobForm(form.values, tags);
  if (!parsed.ok || !parsed.input) {
    return render(viewer, { values: form.values, tags, errors: parsed.errors }, 422);
  }
  const { db, bus, clock } = c.get("deps");
  try {
    const attachments = await storeFormFiles(c, viewer.user.id, form.files.attachments ?? []);
    const job = await createJob({ db, bus, now: clock.now() }, viewer.user, {
      ...parsed.input,
      attachments,
      publish: form.values.intent === "publish",
    });
    return seeOther(c, `/jobs/${job.id}?${job.status === "open" ? "published" : "drafted"}=1`);
  } catch (err) {
    const failure = formFailure(c, err);
    const errors = err instanceof HttpError && !err.extra.errors?.length &&
        [413, 415, 429].includes(err.status)
      ? { attachments: err.message }
      : failure.errors;
    return render(viewer, { values: form.values, tags, errors }, failure.status);
  }
}

export const handler = definePage<Data>({
  GET(c) {
    const viewer = c.get("viewer");
    return viewer ? render(viewer) : signInRedirect(c);
  },
  POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    if (viewer.user.role !== "client") return render(viewer);
    return post(c, viewer);
  },
});

export default function NewJob({ data }: PageProps<Data>) {
  return (
    <div class="container page jobs-narrow">
      <header class="page-header">
        <h1>Post a task</h1>
        <p class="muted">
          Describe the work, set a budget, and workers nearby or online can apply. Free, with zero
          commission.
        </p>
      </header>
      {data.isClient
        ? (
          <section class="card">
            <JobForm
              action="/jobs/new"
              mode="new"
              values={data.values}
              tags={data.tags}
              errors={data.errors}
              canPublish={data.canPublish}
            />
          </section>
        )
        : (
          <section class="card">
            <h2>Posting is for client accounts</h2>
            <p class="muted">
              You signed up to work. <a href="/jobs">Find tasks to apply for</a> instead.
            </p>
          </section>
        )}
    </div>
  );
}
