/**
 * "search.match_job": when a job is published, tell everyone it may interest — each user with
 * a saved search that finds it (checked by the real search, so alerts and search agree) and
 * each available worker whose skills overlap the job's (for on-site jobs, only workers within
 * the job's radius). One notification per user however many reasons match; never the job's
 * own client; a rerun of the job does not notify anyone twice.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { users } from "@/db/schema.ts";
import { type Job, jobs, savedSearches } from "@/db/schema_marketplace.ts";
import { type Notification, notifications } from "@/db/schema_social.ts";
import { JobSearchFilters } from "@/lib/schemas/search.ts";
import type { JobContext, JobHandlers } from "@/server/jobs/worker.ts";
import { notify, publishNotifications } from "@/server/notify/notifications.ts";
import { boundingBox, boxCondition, haversineKm } from "./geo.ts";
import { searchJobs } from "./search.ts";

type Reason = { kind: "saved-search"; savedSearchId: string; name: string } | { kind: "skills" };

/** Users to alert about `job`, each with why. */
export async function findJobMatches(
  db: Reader,
  job: Job,
  now: number,
): Promise<Map<string, Reason[]>> {
  const found = new Map<string, Reason[]>();
  const add = (userId: string, reason: Reason) => {
    if (userId === job.clientId) return;
    found.set(userId, [...(found.get(userId) ?? []), reason]);
  };
  const saved = await db.select().from(savedSearches)
    .innerJoin(users, eq(users.id, savedSearches.userId))
    .where(eq(users.status, "active"));
  for (const { saved_searches: s } of saved) {
    if (s.userId === job.clientId) continue;
    const parsed = JobSearchFilters.safeParse(s.query);
    if (!parsed.success) continue;
    const { items } = await searchJobs(db, { ...parsed.data, limit: 1 }, {
      now,
      viewerId: s.userId,
      onlyJobId: job.id,
    });
    if (items.length) add(s.userId, { kind: "saved-search", savedSearchId: s.id, name: s.name });
  }
  if (job.skills.length) {
    const onSite = !job.isRemote && job.lat !== null && job.lng !== null;
    const center = onSite ? { lat: job.lat!, lng: job.lng! } : null;
    const radius = job.radiusKm ?? 0;
    const workers = await db.select({ id: users.id, lat: users.lat, lng: users.lng }).from(users)
      .where(and(
        eq(users.role, "worker"),
        eq(users.status, "active"),
        eq(users.availability, "available"),
        sql`EXISTS (SELECT 1 FROM json_each(${users.skills}) s WHERE s.value IN (${
          sql.join(job.skills.map((k) => sql`${k}`), sql`, `)
        }))`,
        center
          ? boxCondition(sql`${users.lat}`, sql`${users.lng}`, boundingBox(center, radius))
          : undefined,
      ));
    for (const w of workers) {
      if (center && (w.lat === null || w.lng === null)) continue;
      if (center && haversineKm(center, { lat: w.lat!, lng: w.lng! }) > radius) continue;
      add(w.id, { kind: "skills" });
    }
  }
  return found;
}

async function alreadyNotified(db: Reader, jobId: string, userIds: string[]) {
  const done = new Set<string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db.select({ userId: notifications.userId }).from(notifications).where(and(
      inArray(notifications.userId, userIds.slice(i, i + 500)),
      eq(notifications.type, "search.match"),
      sql`json_extract(${notifications.data}, '$.jobId') = ${jobId}`,
    ));
    for (const r of rows) done.add(r.userId);
  }
  return done;
}

/**
 * Runs the match for one job: the matching reads happen outside the write lock; the
 * notifications are written in one short transaction and published after it commits.
 */
export async function matchJob(ctx: JobContext, jobId: string): Promise<Notification[]> {
  const now = ctx.clock.now();
  const [job] = await ctx.db.orm.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
  if (!job || job.status !== "open" || job.deletedAt !== null) return [];
  const matches = await findJobMatches(ctx.db.orm, job, now);
  if (matches.size === 0) return [];
  const rows = await ctx.db.write(async (tx) => {
    const done = await alreadyNotified(tx, job.id, [...matches.keys()]);
    const created: Notification[] = [];
    for (const [userId, reasons] of matches) {
      if (done.has(userId)) continue;
      const saved = reasons.find((r) => r.kind === "saved-search");
      created.push(
        await notify(tx, {
          userId,
          type: "search.match",
          title: `New task: ${job.title}`,
          body: saved?.kind === "saved-search"
            ? `It matches your saved search “${saved.name}”.`
            : "It matches your skills.",
          link: `/jobs/${job.id}`,
          data: { jobId: job.id, reasons: reasons.map((r) => r.kind) },
        }, now),
      );
    }
    return created;
  });
  await publishNotifications(ctx.bus, rows);
  return rows;
}

export function searchJobHandlers(ctx: JobContext): Pick<JobHandlers, "search.match_job"> {
  return {
    "search.match_job": async ({ jobId }) => {
      const rows = await matchJob(ctx, jobId);
      ctx.log.debug("search.match_job", { jobId, notified: rows.length });
    },
  };
}
