import { Field, FieldError } from "@/components/Field.tsx";
import { Notice } from "@/components/Notice.tsx";
import { CURRENCIES } from "@/lib/schemas/forms.ts";
import { formatMoney, InstantForm, quoteForm } from "@/lib/schemas/proposals.ts";
import { UPLOAD_ACCEPT } from "@/lib/upload_limits.ts";
import { MAX_FORM_FILES, readPostedForm, storePostedFiles } from "@/server/contracts/web.ts";
import {
  createProposal,
  getApplyContext,
  PROPOSAL_LIMITS,
} from "@/server/marketplace/proposals.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import {
  type FieldErrors,
  formFailure,
  limitFormPost,
  signInRedirect,
} from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Apply";

interface Data {
  job: {
    id: string;
    title: string;
    status: string;
    budgetText: string;
    currency: string;
    currencyDigits: number;
    isHourly: boolean;
  };
  instant: string | null;
  canApply: boolean;
  reason: string | null;
  hasLive: boolean;
  form: "instant" | "quote" | null;
  values: Record<string, string>;
  errors: FieldErrors;
}

async function load(
  c: AppContext,
  viewer: Viewer,
  extra: Partial<Pick<Data, "form" | "values" | "errors">> = {},
  status?: number,
) {
  const { job, live, instantAmountMinor } = await getApplyContext(
    c.get("deps").db.orm,
    viewer.user,
    c.req.param("id")!,
  );
  const isHourly = job.budgetType === "hourly";
  const min = formatMoney(job.budgetMinMinor, job.currency);
  const max = formatMoney(job.budgetMaxMinor, job.currency);
  let reason: string | null = null;
  if (viewer.user.role !== "worker") reason = "Only worker accounts can apply to jobs.";
  else if (job.status !== "open") reason = "This job is no longer taking proposals.";
  else if (live) reason = "You already have a live proposal on this job.";
  return page<Data>({
    job: {
      id: job.id,
      title: job.title,
      status: job.status,
      budgetText: `${min === max ? min : `${min} – ${max}`}${isHourly ? " an hour" : ""}`,
      currency: job.currency,
      currencyDigits: CURRENCIES[job.currency] ?? 2,
      isHourly,
    },
    instant: instantAmountMinor > 0 ? formatMoney(instantAmountMinor, job.currency) : null,
    canApply: reason === null,
    reason,
    hasLive: live !== null,
    form: extra.form ?? null,
    values: extra.values ?? {},
    errors: extra.errors ?? {},
  }, { status, title: `Apply: ${job.title}` });
}

async function post(c: AppContext, viewer: Viewer) {
  const { values, files } = await readPostedForm(c);
  const form = values.intent === "instant" ? "instant" : "quote";
  const fail = (errors: FieldErrors, status: number) =>
    load(c, viewer, { form, values, errors }, status);
  const limited = await limitFormPost(c, PROPOSAL_LIMITS.create);
  if (limited) return fail(limited.errors, limited.status);
  const deps = c.get("deps");
  const jobId = c.req.param("id")!;
  const { job } = await getApplyContext(deps.db.orm, viewer.user, jobId);
  try {
    if (form === "instant") {
      const parsed = InstantForm.safeParse(values);
      if (!parsed.success) return fail({ message: parsed.error.issues[0].message }, 422);
      await createProposal(deps, viewer.user, jobId, { kind: "instant", ...parsed.data });
    } else {
      const parsed = quoteForm(job.currency).safeParse(values);
      if (!parsed.success) {
        const errors: FieldErrors = {};
        for (const i of parsed.error.issues) errors[String(i.path[0] ?? "_form")] ??= i.message;
        return fail(errors, 422);
      }
      const stored = await storePostedFiles(c, viewer.user.id, files);
      if ("errors" in stored) return fail(stored.errors, stored.status);
      await createProposal(deps, viewer.user, jobId, {
        kind: "quote",
        ...parsed.data,
        attachments: stored.ids,
      });
    }
  } catch (err) {
    const failure = formFailure(c, err);
    return fail(failure.errors, failure.status);
  }
  return seeOther(c, "/proposals?sent=1");
}

export const handler = definePage<Data>({
  GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    return load(c, viewer);
  },
  POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    return post(c, viewer);
  },
});

export default function Apply({ data }: PageProps<Data>) {
  const { job, values, errors } = data;
  const quoteErrors = data.form === "quote" ? errors : {};
  const instantErrors = data.form === "instant" ? errors : {};
  const step = data.job.currencyDigits === 0 ? "1" : "0.01";
  return (
    <div class="container page apply-page">
      <header class="page-header">
        <p class="eyebrow">
          <a href={`/jobs/${job.id}`}>← Back to the job</a>
        </p>
        <h1>Apply: {job.title}</h1>
        <p class="muted">
          Posted budget: <strong>{job.budgetText}</strong>. You keep 100% of what you agree on.
        </p>
      </header>
      {errors._form && <Notice kind="error">{errors._form}</Notice>}
      {!data.canApply && (
        <Notice kind="warning" title="You cannot apply here">
          <p>
            {data.reason} {data.hasLive && <a href="/proposals">See your proposals</a>}
          </p>
        </Notice>
      )}
      {data.canApply && (
        <div class="apply-grid">
          <section class="card apply-option" aria-labelledby="instant-title">
            <h2 id="instant-title">Apply at the posted budget</h2>
            {data.instant
              ? (
                <form method="post" class="stack">
                  <input type="hidden" name="intent" value="instant" />
                  <p class="apply-amount">
                    {data.instant}
                    {job.isHourly && <span class="muted">an hour</span>}
                  </p>
                  <p class="muted">
                    {job.isHourly
                      ? "The posted rate. The client sees your profile and this note."
                      : "The top of the posted budget. The client sees your profile and this note."}
                  </p>
                  <Field
                    name="message"
                    label="Note to the client (optional)"
                    rows={3}
                    maxLength={5000}
                    value={data.form === "instant" ? values.message : ""}
                    error={instantErrors.message}
                  />
                  <div class="form-actions">
                    <button type="submit" class="button">Apply now</button>
                  </div>
                </form>
              )
              : <p class="muted">This job has no posted amount. Send a quote with your price.</p>}
          </section>
          <section class="card apply-option" aria-labelledby="quote-title">
            <h2 id="quote-title">Send a quote</h2>
            <form method="post" enctype="multipart/form-data" class="stack">
              <input type="hidden" name="intent" value="quote" />
              <div class="field-row">
                <Field
                  name="amount"
                  label={`Your price (${job.currency})${job.isHourly ? " an hour" : ""}`}
                  inputMode="decimal"
                  required
                  placeholder={step === "1" ? "12000" : "120.00"}
                  value={data.form === "quote" ? values.amount : ""}
                  error={quoteErrors.amount}
                />
                <Field
                  name="durationDays"
                  label="Days you need"
                  type="number"
                  min="1"
                  max="365"
                  required
                  value={data.form === "quote" ? values.durationDays : ""}
                  error={quoteErrors.durationDays}
                />
              </div>
              <Field
                name="coverLetter"
                label="Cover letter"
                rows={7}
                required
                maxLength={5000}
                hint="How you would do it, what is included, and when you can start (20 characters or more)."
                value={data.form === "quote" ? values.coverLetter : ""}
                error={quoteErrors.coverLetter}
              />
              <div class={`field${quoteErrors.files ? " has-error" : ""}`}>
                <label for="f-files">Files (optional)</label>
                <input
                  id="f-files"
                  type="file"
                  name="files"
                  multiple
                  accept={UPLOAD_ACCEPT}
                  aria-describedby="f-files-hint"
                />
                <p class="field-hint" id="f-files-hint">
                  Up to {MAX_FORM_FILES} images, PDFs or text files, 5 MB each.
                </p>
                <FieldError id="f-files-error" message={quoteErrors.files} />
              </div>
              <div class="form-actions">
                <button type="submit" class="button">Send quote</button>
              </div>
            </form>
          </section>
        </div>
      )}
    </div>
  );
}
