import { ChatMessageButton } from "@/components/ChatMessageButton.tsx";
import { Field, FieldError } from "@/components/Field.tsx";
import { FundsHeldNote } from "@/components/FundsHeldNote.tsx";
import { type FormState, MilestoneCard } from "@/components/MilestoneCard.tsx";
import { Notice } from "@/components/Notice.tsx";
import { StatusPill } from "@/components/StatusPill.tsx";
import {
  type ContractViewT,
  DisputeAnswerBody,
  DisputeBody,
  DisputeResolveBody,
  type DisputeViewT,
  formatDay,
  MILESTONE_ACTION_PATHS,
  type MilestoneActionPath,
  milestoneForm,
  RevisionBody,
  SubmitWorkBody,
} from "@/lib/schemas/contracts.ts";
import { CURRENCIES } from "@/lib/schemas/forms.ts";
import { formatMoney } from "@/lib/schemas/proposals.ts";
import { getContractView } from "@/server/contracts/contracts.ts";
import { getContractReviewState } from "@/server/reviews/reviews.ts";
import { answerDispute, openDispute, resolveDispute } from "@/server/contracts/disputes.ts";
import {
  actOnMilestone,
  addMilestone,
  type MilestoneInput,
} from "@/server/contracts/milestones.ts";
import { readPostedForm, storePostedFiles } from "@/server/contracts/web.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { type FieldErrors, formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";
import type { z } from "zod";

export const title = "Contract";

interface Data {
  contract: ContractViewT;
  failed: FormState | null;
  /** For the two parties of a completed contract: whether they can still review. */
  review: { canReview: boolean; reviewed: boolean } | null;
}

async function load(
  c: AppContext,
  viewer: Viewer,
  failed: FormState | null = null,
  status?: number,
) {
  const { db, clock } = c.get("deps");
  const contract = await getContractView(db.orm, viewer.user, c.req.param("id")!);
  const isParty = contract.viewerRole === "client" || contract.viewerRole === "worker";
  const state = isParty && contract.status === "completed"
    ? await getContractReviewState(db.orm, contract.id, viewer.user.id, clock.now())
    : null;
  const review = state && { canReview: state.canReview, reviewed: state.mine !== null };
  return page<Data>({ contract, failed, review }, { title: contract.title, status });
}

const ACTION_INPUT: Record<MilestoneActionPath, MilestoneInput["action"]> = {
  "fund": "fund",
  "mark-paid": "mark_paid",
  "confirm-receipt": "confirm_receipt",
  "submit": "submit",
  "approve": "approve",
  "request-revision": "request_revision",
};

function issues(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const i of error.issues) out[String(i.path[0] ?? "_form")] ??= i.message;
  return out;
}

/** Runs one form of the page; returns the failure to show, or null when it worked. */
async function handle(
  c: AppContext,
  viewer: Viewer,
  currency: string,
  v: Record<string, string>,
  files: File[],
): Promise<FieldErrors | null> {
  const deps = c.get("deps");
  const id = c.req.param("id")!;
  const user = viewer.user;
  switch (v.intent) {
    case "milestone": {
      const path = v.action as MilestoneActionPath;
      if (!MILESTONE_ACTION_PATHS.includes(path)) return { _form: "Choose an action." };
      const action = ACTION_INPUT[path];
      let input: MilestoneInput = { action } as MilestoneInput;
      if (action === "submit") {
        const parsed = SubmitWorkBody.safeParse({ note: v.note ?? "" });
        if (!parsed.success) return issues(parsed.error);
        const stored = await storePostedFiles(c, user.id, files);
        if ("errors" in stored) return stored.errors;
        input = { action, note: parsed.data.note, attachments: stored.ids };
      } else if (action === "request_revision") {
        const parsed = RevisionBody.safeParse({ note: v.note ?? "" });
        if (!parsed.success) return issues(parsed.error);
        input = { action, note: parsed.data.note };
      }
      await actOnMilestone(deps, user, v.milestoneId ?? "", input);
      return null;
    }
    case "add-milestone": {
      const parsed = milestoneForm(currency).safeParse(v);
      if (!parsed.success) return issues(parsed.error);
      await addMilestone(deps, user, id, parsed.data);
      return null;
    }
    case "dispute": {
      const parsed = DisputeBody.safeParse({ reason: v.reason ?? "" });
      if (!parsed.success) return issues(parsed.error);
      await openDispute(deps, user, id, parsed.data);
      return null;
    }
    case "answer": {
      const parsed = DisputeAnswerBody.safeParse({ response: v.response ?? "" });
      if (!parsed.success) return issues(parsed.error);
      await answerDispute(deps, user, v.disputeId ?? "", parsed.data);
      return null;
    }
    case "resolve": {
      const parsed = DisputeResolveBody.safeParse({ outcome: v.outcome, note: v.note ?? "" });
      if (!parsed.success) return issues(parsed.error);
      await resolveDispute(deps, user, v.disputeId ?? "", parsed.data);
      return null;
    }
  }
  return { _form: "Choose what to do." };
}

export const handler = definePage<Data>({
  GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    return load(c, viewer);
  },
  async POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    // The contract must be visible to the viewer before anything else (404 otherwise).
    const view = await getContractView(c.get("deps").db.orm, viewer.user, c.req.param("id")!);
    const { values, files } = await readPostedForm(c);
    const form = values.intent === "milestone"
      ? `${values.action}:${values.milestoneId}`
      : values.intent ?? "";
    let errors: FieldErrors | null;
    let status = 422;
    try {
      errors = await handle(c, viewer, view.currency, values, files);
    } catch (err) {
      const failure = formFailure(c, err);
      errors = failure.errors;
      status = failure.status;
    }
    if (errors) return load(c, viewer, { form, errors, values }, status);
    const anchor = values.milestoneId ? `#milestone-${values.milestoneId}` : "";
    return seeOther(c, `/contracts/${c.req.param("id")}?done=${values.intent}${anchor}`);
  },
});

const DONE: Record<string, string> = {
  "milestone": "Done. The other side has been told.",
  "add-milestone": "Milestone added. The worker has been told.",
  "dispute": "Dispute opened. The contract is frozen until an admin decides.",
  "answer": "Your answer was sent. An admin will decide.",
  "resolve": "Dispute resolved. Both sides have been told.",
};

export default function ContractPage({ data, url }: PageProps<Data>) {
  const { contract: c, failed } = data;
  const role = c.viewerRole;
  const other = role === "client" ? c.worker : c.client;
  const done = DONE[url.searchParams.get("done") ?? ""];
  const hired = url.searchParams.get("hired");
  const money = (m: { amountMinor: number; currency: string }) =>
    formatMoney(m.amountMinor, m.currency);
  return (
    <div class="container page contract-page">
      <header class="page-header contract-header">
        <div>
          <p class="eyebrow">Contract</p>
          <h1>{c.title}</h1>
          <p class="muted contract-meta">
            <span>
              {role === "admin"
                ? `Client ${c.client.displayName} · Worker ${c.worker.displayName}`
                : (
                  <>
                    With <a href={`/users/${other.id}`}>{other.displayName}</a>
                  </>
                )}
            </span>
            <span>Started {formatDay(c.createdAt)}</span>
            {c.completedAt && <span>Completed {formatDay(c.completedAt)}</span>}
          </p>
        </div>
        <div class="contract-header-side">
          <StatusPill status={c.status} />
          {role !== "admin" && (
            <ChatMessageButton
              userId={other.id}
              jobId={c.jobId}
              label={`Message ${other.displayName}`}
            />
          )}
        </div>
      </header>
      {hired && (
        <Notice kind="success" title="You hired them">
          The contract is ready with a first milestone. The worker has been told.
        </Notice>
      )}
      {done && <Notice kind="success">{done}</Notice>}
      {data.review?.canReview && (
        <Notice kind="info" title="How did it go?">
          Rate {other.displayName}{" "}
          and say a few words; your review shows once both of you have written one, or after 14
          days. <a href={`/reviews/${c.id}`}>Leave a review</a>
        </Notice>
      )}
      {data.review?.reviewed && (
        <p class="muted">
          You reviewed this contract. <a href={`/reviews/${c.id}`}>See the reviews</a>
        </p>
      )}
      {c.status === "disputed" && (
        <Notice kind="warning" title="This contract is disputed">
          Milestones are frozen until an admin resolves the dispute below.
        </Notice>
      )}
      <div class="contract-grid">
        <div class="contract-main">
          <section aria-labelledby="milestones-title">
            <h2 id="milestones-title">Milestones</h2>
            <ol class="milestone-timeline">
              {c.milestones.map((m) => (
                <MilestoneCard
                  key={m.id}
                  m={m}
                  contractId={c.id}
                  contractStatus={c.status}
                  role={role}
                  failed={failed}
                />
              ))}
            </ol>
            {role === "client" && c.status === "active" && (
              <AddMilestoneForm
                contract={c}
                failed={failed?.form === "add-milestone" ? failed : null}
              />
            )}
          </section>
          <DisputeSection contract={c} failed={failed} />
        </div>
        <aside class="contract-side stack">
          <section class="card" aria-labelledby="money-title">
            <h2 id="money-title" class="h3">Money</h2>
            <dl class="facts">
              <div>
                <dt>Funds held now</dt>
                <dd>{money(c.ledger.held)}</dd>
              </div>
              <div>
                <dt>Released to the worker</dt>
                <dd>{money(c.ledger.released)}</dd>
              </div>
              <div>
                <dt>Paid directly</dt>
                <dd>{money(c.ledger.paidDirectly)}</dd>
              </div>
              {c.ledger.refunded.amountMinor > 0 && (
                <div>
                  <dt>Refunded to the client</dt>
                  <dd>{money(c.ledger.refunded)}</dd>
                </div>
              )}
            </dl>
            <p class="fee-line">
              Platform fee: 0 <span class="muted">— zero commission, always.</span>
            </p>
          </section>
          <FundsHeldNote />
        </aside>
      </div>
    </div>
  );
}

function AddMilestoneForm(
  { contract, failed }: { contract: ContractViewT; failed: FormState | null },
) {
  const e = failed?.errors ?? {};
  const v = failed?.values ?? {};
  const whole = (CURRENCIES[contract.currency] ?? 2) === 0;
  return (
    <details class="card add-milestone" open={failed !== null}>
      <summary>
        <span class="h3">Add a milestone</span>
      </summary>
      <form method="post" action={`/contracts/${contract.id}`} class="stack">
        <input type="hidden" name="intent" value="add-milestone" />
        {e._form && <Notice kind="error">{e._form}</Notice>}
        <Field
          name="title"
          label="Title"
          required
          maxLength={120}
          value={v.title}
          error={e.title}
        />
        <div class="field-row">
          <Field
            name="amount"
            label={`Amount (${contract.currency})`}
            inputMode="decimal"
            required
            placeholder={whole ? "5000" : "50.00"}
            value={v.amount}
            error={e.amount}
          />
          <Field name="dueAt" label="Due date" type="date" value={v.dueAt} error={e.dueAt} />
        </div>
        <fieldset class="pay-choice">
          <legend>How will you pay?</legend>
          <label>
            <input
              type="radio"
              name="paymentMode"
              value="escrow"
              checked={v.paymentMode !== "direct"}
            />
            <span>
              <strong>Funds held</strong>
              <small>Set the money aside first; it is released when you approve.</small>
            </span>
          </label>
          <label>
            <input
              type="radio"
              name="paymentMode"
              value="direct"
              checked={v.paymentMode === "direct"}
            />
            <span>
              <strong>Directly</strong>
              <small>Pay the worker yourself after approving.</small>
            </span>
          </label>
        </fieldset>
        <FieldError id="f-paymentMode-error" message={e.paymentMode} />
        <div class="form-actions">
          <button type="submit" class="button">Add milestone</button>
        </div>
      </form>
    </details>
  );
}

function DisputeSection(
  { contract: c, failed }: { contract: ContractViewT; failed: FormState | null },
) {
  const role = c.viewerRole;
  const d = c.dispute;
  const past = c.disputes.filter((x) => x.status === "resolved");
  const canOpen = c.status === "active" && role !== "admin";
  if (!d && !canOpen && past.length === 0) return null;
  const err = (form: string) => (failed?.form === form ? failed : null);
  return (
    <section class="dispute-section" aria-labelledby="dispute-title">
      <h2 id="dispute-title">Dispute</h2>
      {d && <OpenDispute d={d} contract={c} failed={failed} />}
      {canOpen && (
        <details class="card dispute-open" open={err("dispute") !== null}>
          <summary>Something wrong? Open a dispute</summary>
          <p class="muted">
            Try talking it through first. A dispute freezes every milestone until an admin decides;
            the other side has 5 days to answer.
          </p>
          <form method="post" action={`/contracts/${c.id}`} class="stack">
            <input type="hidden" name="intent" value="dispute" />
            <Field
              name="reason"
              label="What went wrong?"
              rows={5}
              required
              maxLength={5000}
              hint="At least 20 characters. Both sides and the admin will read it."
              value={err("dispute")?.values.reason}
              error={err("dispute")?.errors.reason ?? err("dispute")?.errors._form}
            />
            <div class="form-actions">
              <button type="submit" class="button button-danger">Open dispute</button>
            </div>
          </form>
        </details>
      )}
      {past.map((x) => (
        <div class="card dispute-past">
          <p>
            <StatusPill status={x.status} /> Opened by {x.openedBy.displayName} on{" "}
            {formatDay(x.createdAt)}
          </p>
          <p class="muted">{x.reason}</p>
          {x.resolution && (
            <p>
              <strong>Decision:</strong> {x.resolution}
            </p>
          )}
        </div>
      ))}
    </section>
  );
}

function OpenDispute(
  { d, contract: c, failed }: {
    d: DisputeViewT;
    contract: ContractViewT;
    failed: FormState | null;
  },
) {
  const role = c.viewerRole;
  const viewerId = role === "client" ? c.client.id : role === "worker" ? c.worker.id : null;
  const canAnswer = d.status === "open" && viewerId !== null && viewerId !== d.openedBy.id;
  const e = (form: string) => (failed?.form === form ? failed : null);
  return (
    <div class="card dispute-card">
      <p class="dispute-status">
        <StatusPill status={d.status} />
        <span>
          Opened by {d.openedBy.displayName} on {formatDay(d.createdAt)}
          {d.status === "open" && <>· answer due by {formatDay(d.respondBy)}</>}
        </span>
      </p>
      <h3 class="h3">Reason</h3>
      <p class="dispute-text">{d.reason}</p>
      {d.response && (
        <>
          <h3 class="h3">Answer</h3>
          <p class="dispute-text">{d.response}</p>
        </>
      )}
      {d.status === "awaiting_admin" && <p class="muted">An admin is reviewing both sides.</p>}
      {canAnswer && (
        <form method="post" action={`/contracts/${c.id}`} class="stack">
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="disputeId" value={d.id} />
          <Field
            name="response"
            label="Your side"
            rows={4}
            required
            maxLength={5000}
            value={e("answer")?.values.response}
            error={e("answer")?.errors.response ?? e("answer")?.errors._form}
          />
          <div class="form-actions">
            <button type="submit" class="button">Send answer</button>
          </div>
        </form>
      )}
      {role === "admin" && (
        <form method="post" action={`/contracts/${c.id}`} class="stack resolve-form">
          <input type="hidden" name="intent" value="resolve" />
          <input type="hidden" name="disputeId" value={d.id} />
          <fieldset class="pay-choice">
            <legend>Decision</legend>
            <label>
              <input type="radio" name="outcome" value="release" required />
              <span>
                <strong>Release</strong>
                <small>Pay the funds held to the worker.</small>
              </span>
            </label>
            <label>
              <input type="radio" name="outcome" value="refund" />
              <span>
                <strong>Refund</strong>
                <small>Return the funds held to the client.</small>
              </span>
            </label>
            <label>
              <input type="radio" name="outcome" value="resume" />
              <span>
                <strong>Resume</strong>
                <small>Move no money; the contract continues.</small>
              </span>
            </label>
          </fieldset>
          <FieldError id="f-outcome-error" message={e("resolve")?.errors.outcome} />
          <Field
            name="note"
            label="Note to both sides"
            rows={3}
            required
            maxLength={5000}
            value={e("resolve")?.values.note}
            error={e("resolve")?.errors.note ?? e("resolve")?.errors._form}
          />
          <div class="form-actions">
            <button type="submit" class="button">Resolve dispute</button>
          </div>
        </form>
      )}
    </div>
  );
}
