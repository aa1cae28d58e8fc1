/**
 * Job (task) schemas, shared by the API (validation + OpenAPI), the job pages and the search
 * island: the fixed category and priority-tag lists, the create/patch bodies and the views.
 */
import { z } from "zod";
import { JOB_STATUSES } from "@/lib/lifecycles.ts";
import { Skill } from "./auth.ts";
import { CATEGORIES, PRIORITY_TAGS } from "@/lib/job_display.ts";

export const MAX_SKILLS = 15;
export const MAX_ATTACHMENTS = 10;
export const TITLE_MIN = 5;
export const TITLE_MAX = 120;
export const DESCRIPTION_MIN = 20;
export const DESCRIPTION_MAX = 10_000;
/** Amounts above this (in minor units) are refused as typos. */
export const MAX_AMOUNT_MINOR = 1_000_000_000;

export const Currency = z.string().regex(/^[A-Z]{3}$/, {
  message: "Use a 3-letter ISO currency code such as USD.",
});

export const JobTitle = z.string().trim()
  .min(TITLE_MIN, { message: `Use at least ${TITLE_MIN} characters for the title.` })
  .max(TITLE_MAX, { message: `Keep the title under ${TITLE_MAX} characters.` });
export const JobDescription = z.string().trim()
  .min(DESCRIPTION_MIN, {
    message: `Describe the task in at least ${DESCRIPTION_MIN} characters.`,
  })
  .max(DESCRIPTION_MAX, {
    message: `Keep the description under ${DESCRIPTION_MAX.toLocaleString("en")} characters.`,
  });
export const JobCategory = z.enum(CATEGORIES, { message: "Choose a category from the list." });
export const JobSkills = z.array(Skill).max(MAX_SKILLS, {
  message: `List at most ${MAX_SKILLS} skills.`,
}).transform((s) => [...new Set(s)]);
export const PriorityTags = z.array(z.enum(PRIORITY_TAGS)).max(PRIORITY_TAGS.length)
  .transform((s) => [...new Set(s)]);

const Amount = z.int().min(0).max(MAX_AMOUNT_MINOR);

export const Budget = z.strictObject({
  type: z.enum(["fixed", "hourly"]),
  minMinor: Amount.describe("Integer minor units (cents)."),
  maxMinor: Amount.describe("Integer minor units; at least minMinor. Equal for one amount."),
  currency: Currency,
}).refine((b) => b.maxMinor >= b.minMinor, {
  message: "The maximum must be at least the minimum.",
  path: ["maxMinor"],
}).meta({ id: "Budget" });

export const JobPlace = z.strictObject({
  name: z.string().trim().min(1, { message: "Name the place, e.g. a town." }).max(120),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  radiusKm: z.number().min(1, { message: "The radius is at least 1 km." })
    .max(500, { message: "The radius is at most 500 km." })
    .describe("How far from the place a worker may be."),
}).meta({ id: "JobPlace" });

export const UploadIds = z.array(z.uuid({ message: "Attachments are upload ids." }))
  .max(MAX_ATTACHMENTS, { message: `Attach at most ${MAX_ATTACHMENTS} files.` })
  .transform((s) => [...new Set(s)]);

const jobFields = {
  title: JobTitle,
  description: JobDescription,
  category: JobCategory,
  skills: JobSkills.default([]),
  budget: Budget,
  deadline: z.iso.datetime({ offset: true, message: "Use an ISO 8601 date-time." }).nullable()
    .optional().describe("ISO 8601; must be in the future."),
  remote: z.boolean(),
  location: JobPlace.nullable().optional().describe("Required when remote is false."),
  priorityTags: PriorityTags.default([]),
  attachments: UploadIds.default([]).describe("Ids from POST /api/v1/uploads that you own."),
};

/** Remote jobs have no place; on-site jobs need one. Checked again after a PATCH merges. */
export function placeMatchesRemote(j: { remote: boolean; location?: unknown }): boolean {
  return j.remote ? !j.location : Boolean(j.location);
}
const placeRule = {
  message: "An on-site task needs a place; a remote task has none.",
  path: ["location"],
};

export const JobCreateBody = z.strictObject({
  ...jobFields,
  publish: z.boolean().default(false).describe(
    "Publish at once (needs a confirmed email); otherwise the task is saved as a draft.",
  ),
}).refine(placeMatchesRemote, placeRule).meta({ id: "JobCreateBody" });

export const JobPatchBody = z.strictObject({
  title: JobTitle.optional(),
  description: JobDescription.optional(),
  category: JobCategory.optional(),
  skills: JobSkills.optional(),
  budget: Budget.optional(),
  deadline: jobFields.deadline,
  remote: z.boolean().optional(),
  location: JobPlace.nullable().optional(),
  priorityTags: PriorityTags.optional(),
  attachments: UploadIds.optional().describe("The full list: files left out are detached."),
}).meta({ id: "JobPatchBody" });

export type JobCreateInput = z.infer<typeof JobCreateBody>;
export type JobPatchInput = z.infer<typeof JobPatchBody>;

export const AttachmentView = z.object({
  id: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.int(),
  kind: z.enum(["image", "document"]),
  url: z.string(),
}).meta({ id: "Attachment" });
export type AttachmentViewT = z.infer<typeof AttachmentView>;

export const UserSummary = z.object({ id: z.string(), displayName: z.string() }).meta({
  id: "UserSummary",
});

const BudgetOut = z.object({
  type: z.enum(["fixed", "hourly"]),
  minMinor: z.int(),
  maxMinor: z.int(),
  currency: z.string(),
});

export const JobSummary = z.object({
  id: z.string(),
  title: z.string(),
  excerpt: z.string().describe("The start of the description."),
  category: z.string(),
  skills: z.array(z.string()),
  budget: BudgetOut,
  remote: z.boolean(),
  location: z.object({
    name: z.string(),
    lat: z.number(),
    lng: z.number(),
    radiusKm: z.number(),
  }).nullable().describe("Coordinates rounded to about 1 km except for the owner."),
  priorityTags: z.array(z.string()),
  status: z.enum(JOB_STATUSES),
  deadline: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  client: UserSummary,
  distanceKm: z.number().nullable().optional().describe("With near=: how far the task is."),
  proposalCount: z.int().optional(),
}).meta({ id: "JobSummary" });
export type JobSummaryView = z.infer<typeof JobSummary>;

export const JobDetail = JobSummary.extend({
  description: z.string(),
  updatedAt: z.string(),
  proposalCount: z.int(),
  attachments: z.array(AttachmentView),
}).meta({ id: "JobDetail" });
export type JobDetailView = z.infer<typeof JobDetail>;

export const JobList = z.object({
  items: z.array(JobSummary),
  nextCursor: z.string().nullable().describe("Pass as cursor= for the next page; null at the end."),
}).meta({ id: "JobList" });
