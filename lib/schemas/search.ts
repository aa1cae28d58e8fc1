/**
 * Search schemas: the job and worker search queries (query string of GET /api/v1/jobs and
 * /api/v1/workers, the search pages, the live-search island and saved searches all go through
 * these) and the saved-search body. The pages' own parameters are in lib/search_params.ts.
 */
import { z } from "zod";
import { Skill } from "./auth.ts";
import { CATEGORIES } from "@/lib/job_display.ts";
import { Currency, MAX_AMOUNT_MINOR, MAX_SKILLS } from "./jobs.ts";

export const JOB_SORTS = ["relevance", "distance", "budget", "recent"] as const;
export const WORKER_SORTS = ["relevance", "rating", "rate", "distance"] as const;
export const AVAILABILITY = ["available", "busy", "unavailable"] as const;
export const DEFAULT_RADIUS_KM = 25;
export const MAX_SAVED_SEARCHES = 20;

/** Query strings carry text; saved searches may carry JSON numbers and booleans. */
const fromText = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v),
    schema,
  );

const num = (schema: z.ZodNumber) =>
  fromText(z.preprocess((v) => (typeof v === "string" ? Number(v) : v), schema).optional());

const bool = fromText(
  z.preprocess(
    (v) => (v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : v),
    z.boolean({ message: "Use true or false." }),
  ).optional(),
);

const skillList = fromText(
  z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v),
    z.array(Skill).max(MAX_SKILLS, { message: `Search for at most ${MAX_SKILLS} skills.` })
      .transform((s) => [...new Set(s)]),
  ).optional(),
).describe("Comma-separated; matches any of them.");

const near = fromText(
  z.string().max(60).transform((v, ctx) => {
    const m = v.match(/^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/);
    const lat = m ? Number(m[1]) : NaN, lng = m ? Number(m[2]) : NaN;
    if (!m || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      ctx.addIssue({
        code: "custom",
        message: "Use near=latitude,longitude, e.g. 51.5,-0.12.",
      });
      return z.NEVER;
    }
    return { lat, lng };
  }).optional(),
).describe("latitude,longitude");

const money = num(
  z.number().int({ message: "Use whole minor units (cents)." }).min(0).max(
    MAX_AMOUNT_MINOR,
  ),
);
const radius = num(
  z.number({ message: "The radius is a number of km." }).min(1, {
    message: "The radius is at least 1 km.",
  }).max(500, { message: "The radius is at most 500 km." }),
);
const text = fromText(
  z.string().max(200, { message: "Keep the search under 200 characters." })
    .optional(),
);
const cursor = fromText(z.string().max(500).optional());
const limit = num(z.number().int().min(1).max(50)).default(20);

/** Filters shared by job search and saved searches (no paging). */
const jobFilterShape = {
  q: text,
  skills: skillList,
  category: fromText(
    z.enum(CATEGORIES, { message: "Choose a category from the list." }).optional(),
  ),
  budgetMin: money.describe("Minor units; jobs whose budget range overlaps are kept."),
  budgetMax: money.describe("Minor units."),
  currency: fromText(Currency.optional()).describe("Needed with budgetMin/budgetMax."),
  remote: bool.describe("true: only remote tasks; false: only on-site ones."),
  near,
  radiusKm: radius.describe(`Default ${DEFAULT_RADIUS_KM} km with near.`),
  postedWithin: num(z.number().int().min(1).max(365)).describe("Days."),
  minClientRating: num(z.number().min(1).max(5)),
  sort: fromText(z.enum(JOB_SORTS).optional()).describe(
    "Default: relevance with q, else distance with near, else recent.",
  ),
};

type Issue = { path: string[]; message: string };
function jobFilterIssues(f: {
  q?: string;
  budgetMin?: number;
  budgetMax?: number;
  currency?: string;
  near?: unknown;
  radiusKm?: number;
  sort?: string;
}): Issue[] {
  const issues: Issue[] = [];
  if ((f.budgetMin !== undefined || f.budgetMax !== undefined) && !f.currency) {
    issues.push({ path: ["currency"], message: "Choose the currency of the budget range." });
  }
  if (f.budgetMin !== undefined && f.budgetMax !== undefined && f.budgetMax < f.budgetMin) {
    issues.push({ path: ["budgetMax"], message: "The maximum must be at least the minimum." });
  }
  if (f.radiusKm !== undefined && !f.near) {
    issues.push({ path: ["near"], message: "Give a place (near=lat,lng) for the radius." });
  }
  if (f.sort === "relevance" && !f.q) {
    issues.push({ path: ["sort"], message: "Sorting by relevance needs search words (q)." });
  }
  if (f.sort === "distance" && !f.near) {
    issues.push({ path: ["sort"], message: "Sorting by distance needs a place (near)." });
  }
  return issues;
}

const withIssues = <T extends z.ZodType>(schema: T, issues: (v: z.output<T>) => Issue[]) =>
  schema.superRefine((v, ctx) => {
    for (const i of issues(v)) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
  });

export const JobSearchFilters = withIssues(z.strictObject(jobFilterShape), jobFilterIssues)
  .meta({ id: "JobSearchFilters" });

export const JobSearchQuery = withIssues(
  z.strictObject({
    ...jobFilterShape,
    cursor,
    limit,
    mine: bool.describe("With mine=1: your own tasks in every state (clients; other filters off)."),
  }),
  jobFilterIssues,
);

export type JobSearchFiltersT = z.output<typeof JobSearchFilters>;
export type JobSearchQueryT = z.output<typeof JobSearchQuery>;

export const WorkerSearchQuery = withIssues(
  z.strictObject({
    q: text,
    skills: skillList,
    minRating: num(z.number().min(1).max(5)),
    rateMin: money.describe("Hourly rate, minor units."),
    rateMax: money,
    currency: fromText(Currency.optional()).describe("Needed with rateMin/rateMax."),
    availability: fromText(z.enum(AVAILABILITY).optional()),
    near,
    radiusKm: radius,
    sort: fromText(z.enum(WORKER_SORTS).optional()).describe(
      "Default: relevance with q, else distance with near, else rating.",
    ),
    cursor,
    limit,
  }),
  (f) => {
    const issues: Issue[] = [];
    if ((f.rateMin !== undefined || f.rateMax !== undefined) && !f.currency) {
      issues.push({ path: ["currency"], message: "Choose the currency of the rate range." });
    }
    if (f.rateMin !== undefined && f.rateMax !== undefined && f.rateMax < f.rateMin) {
      issues.push({ path: ["rateMax"], message: "The maximum must be at least the minimum." });
    }
    if (f.radiusKm !== undefined && !f.near) {
      issues.push({ path: ["near"], message: "Give a place (near=lat,lng) for the radius." });
    }
    if (f.sort === "relevance" && !f.q) {
      issues.push({ path: ["sort"], message: "Sorting by relevance needs search words (q)." });
    }
    if (f.sort === "distance" && !f.near) {
      issues.push({ path: ["sort"], message: "Sorting by distance needs a place (near)." });
    }
    return issues;
  },
);
export type WorkerSearchQueryT = z.output<typeof WorkerSearchQuery>;

export const WorkerSummary = z.object({
  id: z.string(),
  displayName: z.string(),
  headline: z.string(),
  skills: z.array(z.string()),
  hourlyRate: z.object({ amountMinor: z.int(), currency: z.string() }).nullable(),
  location: z.object({ name: z.string(), lat: z.number(), lng: z.number() }).nullable()
    .describe("Rounded to about 1 km."),
  availability: z.enum(AVAILABILITY),
  rating: z.object({ average: z.number().nullable(), count: z.int() }),
  distanceKm: z.number().nullable().optional(),
}).meta({ id: "WorkerSummary" });
export type WorkerSummaryView = z.infer<typeof WorkerSummary>;

export const WorkerList = z.object({
  items: z.array(WorkerSummary),
  nextCursor: z.string().nullable(),
}).meta({ id: "WorkerList" });

export const SavedSearchBody = z.strictObject({
  name: z.string().trim().min(1, { message: "Name the search." }).max(80),
  query: z.record(z.string(), z.unknown()).describe(
    "The filters of GET /api/v1/jobs (not cursor/limit); validated the same way.",
  ),
}).meta({ id: "SavedSearchBody" });

export const SavedSearchView = z.object({
  id: z.string(),
  name: z.string(),
  query: z.record(z.string(), z.string()).describe("Canonical query-string form."),
  createdAt: z.string(),
}).meta({ id: "SavedSearch" });
export type SavedSearchViewT = z.infer<typeof SavedSearchView>;

/** Parsed filters back to the canonical query-string form (what GET /api/v1/jobs takes). */
export function filtersToParams(f: Partial<JobSearchFiltersT>): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.q) out.q = f.q;
  if (f.skills?.length) out.skills = f.skills.join(",");
  if (f.category) out.category = f.category;
  if (f.budgetMin !== undefined) out.budgetMin = String(f.budgetMin);
  if (f.budgetMax !== undefined) out.budgetMax = String(f.budgetMax);
  if (f.currency) out.currency = f.currency;
  if (f.remote !== undefined) out.remote = String(f.remote);
  if (f.near) out.near = `${f.near.lat},${f.near.lng}`;
  if (f.radiusKm !== undefined) out.radiusKm = String(f.radiusKm);
  if (f.postedWithin !== undefined) out.postedWithin = String(f.postedWithin);
  if (f.minClientRating !== undefined) out.minClientRating = String(f.minClientRating);
  if (f.sort) out.sort = f.sort;
  return out;
}
