/**
 * One milestone on the contract page: amount, due date, payment mode, progress, the deliveries
 * with their notes and files, and ONLY the actions its viewer can take now, each a plain form
 * that posts to the contract page (so it all works without JavaScript).
 */
import { formatDay, type MilestoneViewT } from "@/lib/schemas/contracts.ts";
import { formatMoney } from "@/lib/schemas/proposals.ts";
import { UPLOAD_ACCEPT } from "@/lib/upload_limits.ts";
import { FieldError } from "./Field.tsx";
import { FileList } from "./FileList.tsx";
import { MilestoneSteps, nextStepText } from "./MilestoneSteps.tsx";
import { StatusPill } from "./StatusPill.tsx";

export interface FormState {
  form: string;
  errors: Record<string, string>;
  values: Record<string, string>;
}

interface Props {
  m: MilestoneViewT;
  contractId: string;
  contractStatus: string;
  role: "client" | "worker" | "admin";
  failed: FormState | null;
}

export function MilestoneCard({ m, contractId, contractStatus, role, failed }: Props) {
  const amount = formatMoney(m.amount.amountMinor, m.amount.currency);
  const mine = (form: string) => failed?.form === `${form}:${m.id}` ? failed : null;
  const action = `/contracts/${contractId}`;
  const hidden = (a: string) => (
    <>
      <input type="hidden" name="intent" value="milestone" />
      <input type="hidden" name="action" value={a} />
      <input type="hidden" name="milestoneId" value={m.id} />
    </>
  );
  const button = (a: string, label: string, style = "button") => (
    <form method="post" action={action} class="inline-form" data-action={a}>
      {hidden(a)}
      <button type="submit" class={style}>{label}</button>
    </form>
  );
  const noteField = (a: string, label: string, hint: string) => {
    const state = mine(a);
    const id = `f-${a}-${m.id}`;
    return (
      <div class={`field${state?.errors.note ? " has-error" : ""}`}>
        <label for={id}>{label}</label>
        <textarea
          id={id}
          name="note"
          rows={4}
          maxLength={5000}
          required
          aria-describedby={`${id}-hint${state?.errors.note ? ` ${id}-error` : ""}`}
          value={state?.values.note ?? ""}
        />
        <p class="field-hint" id={`${id}-hint`}>{hint}</p>
        <FieldError id={`${id}-error`} message={state?.errors.note} />
      </div>
    );
  };
  const submitState = mine("submit");
  const generic = failed?.form.endsWith(`:${m.id}`) ? failed.errors._form : undefined;
  return (
    <li class="card milestone" id={`milestone-${m.id}`} data-status={m.status}>
      <div class="milestone-head">
        <span class="milestone-number" aria-hidden="true">{m.position}</span>
        <div class="milestone-title">
          <h3>{m.title}</h3>
          <p class="muted">
            Due {formatDay(m.dueAt)} ·{" "}
            {m.paymentMode === "escrow" ? "Funds held, released on approval" : "Paid directly"}
          </p>
        </div>
        <div class="milestone-amount">
          <strong>{amount}</strong>
          <StatusPill status={m.status} />
        </div>
      </div>
      <MilestoneSteps mode={m.paymentMode} status={m.status} />
      <p class="milestone-next">{nextStepText(m, role, contractStatus)}</p>
      {generic && <p class="field-error" role="alert">{generic}</p>}

      {m.actions.length > 0 && (
        <div class="milestone-actions">
          {m.actions.includes("fund") && button("fund", `Fund ${amount}`)}
          {m.actions.includes("approve") &&
            button(
              "approve",
              m.paymentMode === "escrow" ? `Approve and release ${amount}` : "Approve the work",
            )}
          {m.actions.includes("mark-paid") && button("mark-paid", `I paid ${amount}`)}
          {m.actions.includes("confirm-receipt") &&
            button("confirm-receipt", `I received ${amount}`)}
          {m.actions.includes("submit") && (
            <form
              method="post"
              action={action}
              enctype="multipart/form-data"
              class="stack action-form"
              data-action="submit"
            >
              {hidden("submit")}
              {noteField(
                "submit",
                m.deliverables.length ? "Deliver again" : "Deliver the work",
                "What you did and anything the client should check.",
              )}
              <div class={`field${submitState?.errors.files ? " has-error" : ""}`}>
                <label for={`f-files-${m.id}`}>Files (optional)</label>
                <input
                  id={`f-files-${m.id}`}
                  type="file"
                  name="files"
                  multiple
                  accept={UPLOAD_ACCEPT}
                />
                <FieldError id={`f-files-${m.id}-error`} message={submitState?.errors.files} />
              </div>
              <div class="form-actions">
                <button type="submit" class="button">Submit work</button>
              </div>
            </form>
          )}
          {m.actions.includes("request-revision") && (
            <details class="action-details" open={mine("request-revision") !== null}>
              <summary class="button button-secondary">Ask for a revision</summary>
              <form
                method="post"
                action={action}
                class="stack action-form"
                data-action="request-revision"
              >
                {hidden("request-revision")}
                {noteField("request-revision", "What should change?", "The worker sees this note.")}
                <div class="form-actions">
                  <button type="submit" class="button button-secondary">
                    Send revision request
                  </button>
                </div>
              </form>
            </details>
          )}
        </div>
      )}

      {m.deliverables.length > 0 && (
        <div class="deliveries">
          <h4>Deliveries</h4>
          <ol class="delivery-list">
            {m.deliverables.map((d, i) => (
              <li>
                <p class="delivery-meta">
                  <strong>Delivery {i + 1}</strong>{" "}
                  <span class="muted">{formatDay(d.createdAt)}</span>
                </p>
                <p class="delivery-note">{d.note}</p>
                <FileList files={d.attachments} />
                {d.revisionNote && (
                  <blockquote class="revision-note">
                    <strong>Revision requested:</strong> {d.revisionNote}
                  </blockquote>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}
    </li>
  );
}
