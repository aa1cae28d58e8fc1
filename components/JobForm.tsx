/** The post/edit task form: works without JavaScript (multipart post with file inputs). */
import UseMyLocation from "@/islands/UseMyLocation.tsx";
import { Field, FieldError } from "./Field.tsx";
import { Notice } from "./Notice.tsx";
import {
  BUDGET_CURRENCIES,
  CATEGORIES,
  CATEGORY_LABELS,
  PRIORITY_LABELS,
  PRIORITY_TAGS,
} from "@/lib/job_display.ts";
import type { AttachmentViewT } from "@/lib/schemas/jobs.ts";
import { UPLOAD_ACCEPT } from "@/lib/upload_limits.ts";

export interface JobFormProps {
  action: string;
  values: Record<string, string>;
  tags: string[];
  errors: Record<string, string>;
  /** Files already attached (edit): each gets a "remove" checkbox. */
  attachments?: AttachmentViewT[];
  removed?: string[];
  mode: "new" | "edit";
  /** Whether the viewer may publish now (a confirmed email). */
  canPublish: boolean;
  /** The job's status when editing. */
  status?: string;
}

export function JobForm(p: JobFormProps) {
  const v = p.values, e = p.errors;
  const where = v.where === "onsite" ? "onsite" : "remote";
  const select = (name: string, label: string, options: [string, string][]) => (
    <div class={`field${e[name] ? " has-error" : ""}`}>
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} aria-invalid={e[name] ? "true" : undefined}>
        {options.map(([value, text]) => (
          <option value={value} selected={(v[name] ?? "") === value}>{text}</option>
        ))}
      </select>
      <FieldError id={`f-${name}-error`} message={e[name]} />
    </div>
  );
  return (
    <form method="post" action={p.action} enctype="multipart/form-data" class="stack job-form">
      {Object.keys(e).length > 0 && (
        <Notice kind="error">{e._form ?? "Some fields need a fix before we can save."}</Notice>
      )}
      <Field
        name="title"
        label="Title"
        required
        maxLength={120}
        placeholder="e.g. Assemble an IKEA wardrobe"
        value={v.title}
        error={e.title}
      />
      <Field
        name="description"
        label="What needs doing"
        rows={7}
        required
        maxLength={10000}
        hint="Details help workers quote accurately: size, materials, access, timing."
        value={v.description}
        error={e.description}
      />
      <div class="field-row">
        {select("category", "Category", [
          ["", "Choose…"],
          ...CATEGORIES.map((c): [string, string] => [c, CATEGORY_LABELS[c]]),
        ])}
        <Field
          name="deadline"
          label="Deadline (optional)"
          type="date"
          value={v.deadline}
          error={e.deadline}
        />
      </div>
      <Field
        name="skills"
        label="Skills"
        placeholder="plumbing, tiling"
        hint="Separate with commas, up to 15. Workers with these skills are told about your task."
        value={v.skills}
        error={e.skills}
      />
      <fieldset class="fieldset">
        <legend>Budget</legend>
        <div class="choice-row" role="radiogroup" aria-label="Budget type">
          <label class="choice">
            <input
              type="radio"
              name="budgetType"
              value="fixed"
              checked={v.budgetType !== "hourly"}
            />
            Fixed price
          </label>
          <label class="choice">
            <input
              type="radio"
              name="budgetType"
              value="hourly"
              checked={v.budgetType === "hourly"}
            />
            Per hour
          </label>
        </div>
        <div class="field-row field-row-3">
          <Field
            name="min"
            label="From"
            inputMode="decimal"
            required
            placeholder="50"
            value={v.min}
            error={e.min}
          />
          <Field
            name="max"
            label="To (optional)"
            inputMode="decimal"
            placeholder="80"
            value={v.max}
            error={e.max}
          />
          {select("currency", "Currency", BUDGET_CURRENCIES.map((c) => [c, c]))}
        </div>
        <p class="field-hint">WorkMate takes no commission: the worker receives all of it.</p>
      </fieldset>
      <fieldset class="fieldset">
        <legend>Where</legend>
        <div class="choice-row">
          <label class="choice">
            <input type="radio" name="where" value="remote" checked={where === "remote"} />
            Remote — can be done from anywhere
          </label>
          <label class="choice">
            <input type="radio" name="where" value="onsite" checked={where === "onsite"} />
            On site
          </label>
        </div>
        <p class="field-hint">For on-site tasks, say where and how far away workers may be.</p>
        <Field
          name="locationName"
          label="Place"
          maxLength={120}
          placeholder="e.g. Leeds city centre"
          value={v.locationName}
          error={e.locationName}
        />
        <div class="field-row field-row-3">
          <Field name="lat" label="Latitude" inputMode="decimal" value={v.lat} error={e.lat} />
          <Field name="lng" label="Longitude" inputMode="decimal" value={v.lng} error={e.lng} />
          <Field
            name="radiusKm"
            label="Radius (km)"
            type="number"
            min="1"
            max="500"
            value={v.radiusKm ?? "10"}
            error={e.radiusKm}
          />
        </div>
        <UseMyLocation />
      </fieldset>
      <fieldset class="fieldset">
        <legend>Tags (optional)</legend>
        <div class="choice-row">
          {PRIORITY_TAGS.map((t) => (
            <label class="choice">
              <input type="checkbox" name="priorityTags" value={t} checked={p.tags.includes(t)} />
              {PRIORITY_LABELS[t]}
            </label>
          ))}
        </div>
        <FieldError id="f-priorityTags-error" message={e.priorityTags} />
      </fieldset>
      <fieldset class="fieldset">
        <legend>Attachments (optional)</legend>
        {p.attachments && p.attachments.length > 0 && (
          <ul class="attachment-edit">
            {p.attachments.map((a) => (
              <li>
                <label class="choice">
                  <input
                    type="checkbox"
                    name="removeAttachment"
                    value={a.id}
                    checked={p.removed?.includes(a.id)}
                  />
                  Remove <a href={a.url}>{a.fileName}</a>
                </label>
              </li>
            ))}
          </ul>
        )}
        <div class={`field${e.attachments ? " has-error" : ""}`}>
          <label for="f-attachments">Add files</label>
          <input
            id="f-attachments"
            type="file"
            name="attachments"
            multiple
            accept={UPLOAD_ACCEPT}
            aria-describedby="f-attachments-hint"
          />
          <p class="field-hint" id="f-attachments-hint">
            Photos (JPEG, PNG, GIF, WebP), PDF or text; up to 3 files of 5 MB each.
            {p.mode === "new" || Object.keys(e).length
              ? " Choose them again if the form shows an error."
              : ""}
          </p>
          <FieldError id="f-attachments-error" message={e.attachments} />
        </div>
      </fieldset>
      <div class="form-actions">
        {p.mode === "new"
          ? (
            <>
              {p.canPublish && (
                <button type="submit" class="button" name="intent" value="publish">
                  Publish task
                </button>
              )}
              <button
                type="submit"
                class={p.canPublish ? "button button-secondary" : "button"}
                name="intent"
                value="draft"
              >
                Save as draft
              </button>
            </>
          )
          : <button type="submit" class="button" name="intent" value="save">Save changes</button>}
      </div>
      {p.mode === "new" && !p.canPublish && (
        <p class="field-hint">
          Confirm your email address to publish; you can save a draft now and publish it later.
        </p>
      )}
    </form>
  );
}
