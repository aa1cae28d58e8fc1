/**
 * Discovery: job search and worker search over SQLite FTS5 (bm25-ranked), with filters,
 * a radius (bounding box on the indexed lat/lng, then exact haversine distance), sorts and
 * opaque cursor pagination. Only open, non-deleted jobs and active workers are found.
 *
 * Radius and remote work: with `near`, on-site jobs must lie within the radius; remote jobs
 * can be done from anywhere, so they are included too unless `remote=false` (they have no
 * distance and come last when sorting by distance). `remote=true` keeps remote jobs only.
 */
import { inArray, type SQL, sql } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { users } from "@/db/schema.ts";
import { type Job, jobs } from "@/db/schema_marketplace.ts";
import type { JobSummaryView } from "@/lib/schemas/jobs.ts";
import {
  DEFAULT_RADIUS_KM,
  type JobSearchFiltersT,
  type WorkerSearchQueryT,
  type WorkerSummaryView,
} from "@/lib/schemas/search.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { toFtsQuery } from "./fts.ts";
import { boundingBox, boxCondition, distanceSql } from "./geo.ts";
import { toJobSummary } from "./jobs.ts";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface JobSearchOptions {
  now: number;
  viewerId: string | null;
  /** Only consider this job (alerts check one new job against saved searches). */
  onlyJobId?: string;
}

interface Hit {
  id: string;
  k: number | string | null;
  dist: number | null;
}

/** Column weights for bm25: a word in the title counts most, then skills, then description. */
const JOB_WEIGHTS = sql.raw("bm25(jobs_fts, 10.0, 1.0, 4.0)");
const FAR = 1e12;

type SortSpec = { key: SQL; dir: "asc" | "desc"; idDir: "asc" | "desc" };

function cursorCondition(spec: SortSpec, k: number | string | null, id: string): SQL {
  const cmp = spec.dir === "asc" ? sql.raw(">") : sql.raw("<");
  const idCmp = spec.idDir === "asc" ? sql.raw(">") : sql.raw("<");
  return sql`(k ${cmp} ${k} OR (k = ${k} AND id ${idCmp} ${id}))`;
}

async function pageOf(
  db: Reader,
  inner: SQL,
  spec: SortSpec,
  sort: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ hits: Hit[]; nextCursor: string | null }> {
  const after = cursor ? decodeCursor(cursor, sort) : undefined;
  const where = after ? sql`WHERE ${cursorCondition(spec, after.k, after.i)}` : sql``;
  const order = sql.raw(`ORDER BY k ${spec.dir}, id ${spec.idDir}`);
  const rows = await db.all<Hit>(
    sql`SELECT id, k, dist FROM (${inner}) ${where} ${order} LIMIT ${limit + 1}`,
  );
  const hits = rows.slice(0, limit);
  const last = hits[hits.length - 1];
  return {
    hits,
    nextCursor: rows.length > limit && last ? encodeCursor(sort, { k: last.k, i: last.id }) : null,
  };
}

export function defaultJobSort(f: Pick<JobSearchFiltersT, "q" | "near" | "sort">) {
  if (f.sort) return f.sort;
  if (toFtsQuery(f.q)) return "relevance";
  return f.near ? "distance" : "recent";
}

/** Searches open jobs. `filters` come from JobSearchQuery (lib/schemas/search.ts). */
export async function searchJobs(
  db: Reader,
  filters: JobSearchFiltersT & { cursor?: string; limit?: number },
  opts: JobSearchOptions,
): Promise<Page<JobSummaryView>> {
  const limit = filters.limit ?? 20;
  const fts = toFtsQuery(filters.q);
  let sort = defaultJobSort(filters);
  if (sort === "relevance" && !fts) sort = "recent";
  const conds: SQL[] = [sql`j.status = 'open'`, sql`j.deleted_at IS NULL`];
  if (fts) conds.push(sql`jobs_fts MATCH ${fts}`);
  if (opts.onlyJobId) conds.push(sql`j.id = ${opts.onlyJobId}`);
  if (filters.category) conds.push(sql`j.category = ${filters.category}`);
  if (filters.currency) conds.push(sql`j.currency = ${filters.currency}`);
  if (filters.budgetMin !== undefined) conds.push(sql`j.budget_max_minor >= ${filters.budgetMin}`);
  if (filters.budgetMax !== undefined) conds.push(sql`j.budget_min_minor <= ${filters.budgetMax}`);
  if (filters.postedWithin !== undefined) {
    conds.push(sql`j.published_at >= ${opts.now - filters.postedWithin * 86_400_000}`);
  }
  if (filters.skills?.length) {
    conds.push(
      sql`EXISTS (SELECT 1 FROM json_each(j.skills) s WHERE s.value IN (${
        sql.join(filters.skills.map((s) => sql`${s}`), sql`, `)
      }))`,
    );
  }
  if (filters.minClientRating !== undefined) {
    conds.push(
      sql`(SELECT avg(r.rating) FROM reviews r WHERE r.subject_id = j.client_id) >= ${filters.minClientRating}`,
    );
  }
  if (filters.remote === true) conds.push(sql`j.is_remote = 1`);
  let dist: SQL = sql`NULL`;
  if (filters.near) {
    const radius = filters.radiusKm ?? DEFAULT_RADIUS_KM;
    dist = distanceSql(sql`j.lat`, sql`j.lng`, filters.near);
    if (filters.remote !== true) {
      const box = boxCondition(sql`j.lat`, sql`j.lng`, boundingBox(filters.near, radius));
      const within = sql`(j.is_remote = 0 AND ${box} AND ${dist} <= ${radius})`;
      conds.push(filters.remote === false ? within : sql`(j.is_remote = 1 OR ${within})`);
    }
  } else if (filters.remote === false) conds.push(sql`j.is_remote = 0`);

  const spec: SortSpec = sort === "relevance"
    ? { key: JOB_WEIGHTS, dir: "asc", idDir: "asc" }
    : sort === "distance"
    ? { key: sql`coalesce(${dist}, ${FAR})`, dir: "asc", idDir: "asc" }
    : sort === "budget"
    ? { key: sql`j.budget_max_minor`, dir: "desc", idDir: "asc" }
    : { key: sql`j.published_at`, dir: "desc", idDir: "desc" };
  const from = fts ? sql`jobs_fts JOIN jobs j ON j.rowid = jobs_fts.rowid` : sql`jobs j`;
  const inner = sql`SELECT j.id AS id, ${spec.key} AS k, ${dist} AS dist FROM ${from}
    WHERE ${sql.join(conds, sql` AND `)}`;
  const { hits, nextCursor } = await pageOf(db, inner, spec, sort, limit, filters.cursor);
  const items = await loadJobSummaries(db, hits, opts.viewerId, Boolean(filters.near));
  return { items, nextCursor };
}

async function loadJobSummaries(
  db: Reader,
  hits: Hit[],
  viewerId: string | null,
  withDistance: boolean,
): Promise<JobSummaryView[]> {
  if (hits.length === 0) return [];
  const rows = await db.select({ job: jobs, name: users.displayName }).from(jobs)
    .innerJoin(users, sql`${users.id} = ${jobs.clientId}`)
    .where(inArray(jobs.id, hits.map((h) => h.id)));
  const byId = new Map<string, { job: Job; name: string }>(rows.map((r) => [r.job.id, r]));
  return hits.flatMap((h) => {
    const r = byId.get(h.id);
    if (!r) return [];
    const distanceKm = h.dist === null ? null : round1(Number(h.dist));
    const client = { id: r.job.clientId, displayName: r.name };
    return [toJobSummary(r.job, client, viewerId, withDistance ? { distanceKm } : {})];
  });
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Searches active workers by profile text, skills, rating, rate, availability and place. */
export async function searchWorkers(
  db: Reader,
  q: WorkerSearchQueryT,
): Promise<Page<WorkerSummaryView>> {
  const fts = toFtsQuery(q.q);
  let sort = q.sort ?? (fts ? "relevance" : q.near ? "distance" : "rating");
  if (sort === "relevance" && !fts) sort = "rating";
  const rating = sql`(SELECT avg(r.rating) FROM reviews r WHERE r.subject_id = u.id)`;
  const conds: SQL[] = [sql`u.role = 'worker'`, sql`u.status = 'active'`];
  if (fts) conds.push(sql`users_fts MATCH ${fts}`);
  if (q.skills?.length) {
    conds.push(
      sql`EXISTS (SELECT 1 FROM json_each(u.skills) s WHERE s.value IN (${
        sql.join(q.skills.map((s) => sql`${s}`), sql`, `)
      }))`,
    );
  }
  if (q.availability) conds.push(sql`u.availability = ${q.availability}`);
  if (q.minRating !== undefined) conds.push(sql`${rating} >= ${q.minRating}`);
  if (q.currency) conds.push(sql`u.hourly_rate_currency = ${q.currency}`);
  if (q.rateMin !== undefined) conds.push(sql`u.hourly_rate_minor >= ${q.rateMin}`);
  if (q.rateMax !== undefined) conds.push(sql`u.hourly_rate_minor <= ${q.rateMax}`);
  let dist: SQL = sql`NULL`;
  if (q.near) {
    const radius = q.radiusKm ?? DEFAULT_RADIUS_KM;
    dist = distanceSql(sql`u.lat`, sql`u.lng`, q.near);
    conds.push(boxCondition(sql`u.lat`, sql`u.lng`, boundingBox(q.near, radius)));
    conds.push(sql`${dist} <= ${radius}`);
  }
  const spec: SortSpec = sort === "relevance"
    ? { key: sql.raw("bm25(users_fts, 2.0, 5.0, 1.0, 4.0)"), dir: "asc", idDir: "asc" }
    : sort === "distance"
    ? { key: sql`coalesce(${dist}, ${FAR})`, dir: "asc", idDir: "asc" }
    : sort === "rate"
    ? { key: sql`coalesce(u.hourly_rate_minor, ${FAR})`, dir: "asc", idDir: "asc" }
    : { key: sql`coalesce(${rating}, 0)`, dir: "desc", idDir: "asc" };
  const from = fts ? sql`users_fts JOIN users u ON u.rowid = users_fts.rowid` : sql`users u`;
  const inner = sql`SELECT u.id AS id, ${spec.key} AS k, ${dist} AS dist FROM ${from}
    WHERE ${sql.join(conds, sql` AND `)}`;
  const { hits, nextCursor } = await pageOf(db, inner, spec, sort, q.limit, q.cursor);
  if (hits.length === 0) return { items: [], nextCursor };
  const ids = hits.map((h) => h.id);
  const rows = await db.select().from(users).where(inArray(users.id, ids));
  const ratings = await db.all<{ id: string; avg: number | null; n: number }>(sql`
    SELECT subject_id AS id, avg(rating) AS avg, count(*) AS n FROM reviews
    WHERE subject_id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) GROUP BY subject_id`);
  const byId = new Map(rows.map((u) => [u.id, u]));
  const ratingOf = new Map(ratings.map((r) => [r.id, r]));
  const items = hits.flatMap((h): WorkerSummaryView[] => {
    const u = byId.get(h.id);
    if (!u) return [];
    const r = ratingOf.get(u.id);
    return [{
      id: u.id,
      displayName: u.displayName,
      headline: u.headline,
      skills: u.skills,
      hourlyRate: u.hourlyRateMinor !== null && u.hourlyRateCurrency
        ? { amountMinor: u.hourlyRateMinor, currency: u.hourlyRateCurrency }
        : null,
      location: u.lat !== null && u.lng !== null
        ? { name: u.locationName ?? "", lat: round2(u.lat), lng: round2(u.lng) }
        : null,
      availability: u.availability,
      rating: {
        average: r?.avg === null || r?.avg === undefined ? null : round2(Number(r.avg)),
        count: Number(r?.n ?? 0),
      },
      ...(q.near ? { distanceKm: h.dist === null ? null : round1(Number(h.dist)) } : {}),
    }];
  });
  return { items, nextCursor };
}
