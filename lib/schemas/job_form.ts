/**
 * The post/edit task form: its text fields turned into the API's JobCreateBody shape and checked
 * by the same schema, with errors keyed by the form's own field names.
 */
import { amountInput, parseAmount } from "@/lib/job_display.ts";
import { JobCreateBody, type JobCreateInput, type JobDetailView } from "./jobs.ts";

export type FormValues = Record<string, string>;

export interface JobFormResult {
  ok: boolean;
  input?: Omit<JobCreateInput, "publish" | "attachments">;
  errors: Record<string, string>;
}

const FIELD_OF: Record<string, string> = {
  "budget.minMinor": "min",
  "budget.maxMinor": "max",
  "budget.currency": "currency",
  "budget.type": "budgetType",
  "budget": "min",
  "location": "locationName",
  "location.name": "locationName",
  "location.lat": "lat",
  "location.lng": "lng",
  "location.radiusKm": "radiusKm",
};

export function formFieldOf(path: string): string {
  const p = path.replace(/^body\./, "");
  return FIELD_OF[p] ?? p.split(".")[0];
}

const numberOrUndefined = (text: string | undefined) =>
  text?.trim() ? Number(text.trim()) : undefined;

export function parseJobForm(f: FormValues, tags: string[]): JobFormResult {
  const errors: Record<string, string> = {};
  const currency = f.currency ?? "";
  const min = parseAmount(f.min ?? "", currency);
  const max = f.max?.trim() ? parseAmount(f.max, currency) : min;
  if (min === undefined) errors.min = "Enter an amount like 50 or 49.99.";
  if (f.max?.trim() && max === undefined) errors.max = "Enter an amount like 80 or 79.99.";
  const onSite = f.where === "onsite";
  if (onSite && (!f.lat?.trim() || !f.lng?.trim())) {
    errors.lat = "Enter the place's latitude and longitude.";
  }
  const deadline = f.deadline?.trim();
  if (deadline && !/^\d{4}-\d{2}-\d{2}$/.test(deadline)) errors.deadline = "Pick a date.";
  const raw = {
    title: f.title ?? "",
    description: f.description ?? "",
    category: f.category ?? "",
    skills: (f.skills ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    budget: {
      type: f.budgetType === "hourly" ? "hourly" : "fixed",
      minMinor: min ?? 0,
      maxMinor: max ?? min ?? 0,
      currency,
    },
    deadline: deadline && !errors.deadline ? `${deadline}T23:59:59Z` : null,
    remote: !onSite,
    location: onSite
      ? {
        name: f.locationName ?? "",
        lat: numberOrUndefined(f.lat),
        lng: numberOrUndefined(f.lng),
        radiusKm: numberOrUndefined(f.radiusKm) ?? 10,
      }
      : null,
    priorityTags: tags,
    publish: false,
    attachments: [],
  };
  const parsed = JobCreateBody.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors[formFieldOf(issue.path.map(String).join("."))] ??= issue.message;
    }
  }
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors };
  const { publish: _p, attachments: _a, ...input } = parsed.data;
  return { ok: true, input, errors };
}

/** A saved job as form values (for the edit form). */
export function jobToFormValues(job: JobDetailView): FormValues {
  const amount = (minor: number) => amountInput(minor, job.budget.currency);
  return {
    title: job.title,
    description: job.description,
    category: job.category,
    skills: job.skills.join(", "),
    budgetType: job.budget.type,
    min: amount(job.budget.minMinor),
    max: job.budget.maxMinor === job.budget.minMinor ? "" : amount(job.budget.maxMinor),
    currency: job.budget.currency,
    deadline: job.deadline ? job.deadline.slice(0, 10) : "",
    where: job.remote ? "remote" : "onsite",
    locationName: job.location?.name ?? "",
    lat: job.location ? String(job.location.lat) : "",
    lng: job.location ? String(job.location.lng) : "",
    radiusKm: job.location ? String(job.location.radiusKm) : "10",
  };
}
