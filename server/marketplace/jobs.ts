/**
 * Jobs (tasks): a client drafts, publishes, edits and deletes them; anyone reads the public
 * ones. Status changes go through transitionJob (lib/lifecycles.ts JOB); publishing enqueues
 * "search.match_job" in the same transaction, so alerts exist exactly when the job is open.
 */
import { and, desc, eq, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { Database, Reader, Tx } from "@/db/client.ts";
import { type User, users } from "@/db/schema.ts";
import { type Job, jobs, proposals } from "@/db/schema_marketplace.ts";
import type { Notification } from "@/db/schema_social.ts";
import { PROPOSAL } from "@/lib/lifecycles.ts";
import {
  type JobCreateInput,
  type JobDetailView,
  type JobPatchInput,
  type JobSummaryView,
  placeMatchesRemote,
} from "@/lib/schemas/jobs.ts";
import type { Bus } from "@/server/bus/bus.ts";
import { forbidden, HttpError, notFound, validationError } from "@/server/errors.ts";
import { enqueue } from "@/server/jobs/queue.ts";
import { transition } from "@/server/lifecycle.ts";
import { notify, publishNotifications } from "@/server/notify/notifications.ts";
import { attachUploads, detachUploadsExcept, listAttachments } from "@/server/uploads/uploads.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { canSeeJob } from "./job_access.ts";
import { transitionJob } from "./job_state.ts";

export interface JobDeps {
  db: Database;
  bus: Bus;
  now: number;
}

const EDITABLE = ["draft", "open"] as const;
const MAX_DEADLINE_MS = 2 * 365 * 24 * 3600_000;

export const mustConfirmEmail = () =>
  forbidden(
    "Confirm your email address before publishing a task. You can save it as a draft now and " +
      "publish it once your email is confirmed.",
  );

function checkDeadline(deadline: string | null | undefined, now: number) {
  if (!deadline) return;
  const at = Date.parse(deadline);
  if (at <= now) {
    throw validationError([{ path: "body.deadline", message: "Choose a deadline in the future." }]);
  }
  if (at > now + MAX_DEADLINE_MS) {
    throw validationError([{
      path: "body.deadline",
      message: "Choose a deadline within two years.",
    }]);
  }
}

/** Creates a draft (or, with publish: true, an open job) for a client. */
export async function createJob(deps: JobDeps, client: User, input: JobCreateInput): Promise<Job> {
  if (client.role !== "client") {
    throw forbidden("Only client accounts can post tasks. Sign up as a client to hire.");
  }
  if (input.publish && client.emailVerifiedAt === null) throw mustConfirmEmail();
  checkDeadline(input.deadline, deps.now);
  const job = await deps.db.write(async (tx) => {
    const [row] = await tx.insert(jobs).values({
      id: crypto.randomUUID(),
      clientId: client.id,
      title: input.title,
      description: input.description,
      category: input.category,
      skills: input.skills,
      budgetType: input.budget.type,
      budgetMinMinor: input.budget.minMinor,
      budgetMaxMinor: input.budget.maxMinor,
      currency: input.budget.currency,
      deadlineAt: input.deadline ? Date.parse(input.deadline) : null,
      isRemote: input.remote,
      locationName: input.location?.name ?? null,
      lat: input.location?.lat ?? null,
      lng: input.location?.lng ?? null,
      radiusKm: input.location?.radiusKm ?? null,
      priorityTags: input.priorityTags,
      status: "draft",
      createdAt: deps.now,
      updatedAt: deps.now,
    }).returning();
    await attachUploads(tx, input.attachments, client.id, "job", row.id, deps.now);
    return input.publish ? await publishInTx(tx, row.id, deps.now) : row;
  });
  if (job.status === "open") {
    await deps.bus.publish("system", { type: "job.published", jobId: job.id });
  }
  return job;
}

async function publishInTx(tx: Tx, jobId: string, now: number): Promise<Job> {
  const job = await transitionJob(tx, jobId, "publish", "client", now);
  await enqueue(tx, "search.match_job", { jobId }, { now });
  return job;
}

/** Loads a job for its owner to act on: 404 when the viewer cannot see it, 403 when not theirs. */
async function loadOwnJob(tx: Reader, jobId: string, viewerId: string): Promise<Job> {
  const [job] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
  if (!job || job.deletedAt !== null || !canSeeJob(job, viewerId)) throw notFound("This task");
  if (job.clientId !== viewerId) {
    throw forbidden("Only the client who posted this task can do this.");
  }
  return job;
}

export async function publishJob(deps: JobDeps, viewer: User, jobId: string): Promise<Job> {
  const job = await deps.db.write(async (tx) => {
    await loadOwnJob(tx, jobId, viewer.id);
    if (viewer.emailVerifiedAt === null) throw mustConfirmEmail();
    return await publishInTx(tx, jobId, deps.now);
  });
  await deps.bus.publish("system", { type: "job.published", jobId: job.id });
  return job;
}

/** Edits a draft or open job; anything later is 409. A PATCH is checked as a whole. */
export async function updateJob(
  deps: JobDeps,
  viewer: User,
  jobId: string,
  patch: JobPatchInput,
): Promise<Job> {
  checkDeadline(patch.deadline, deps.now);
  return await deps.db.write(async (tx) => {
    const job = await loadOwnJob(tx, jobId, viewer.id);
    if (!(EDITABLE as readonly string[]).includes(job.status)) {
      throw new HttpError(
        "conflict",
        `This task is ${
          job.status.replace("_", " ")
        }; tasks can be edited only while draft or open.`,
      );
    }
    const set: Partial<typeof jobs.$inferInsert> = { updatedAt: deps.now };
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.category !== undefined) set.category = patch.category;
    if (patch.skills !== undefined) set.skills = patch.skills;
    if (patch.priorityTags !== undefined) set.priorityTags = patch.priorityTags;
    if (patch.deadline !== undefined) {
      set.deadlineAt = patch.deadline ? Date.parse(patch.deadline) : null;
    }
    if (patch.budget) {
      set.budgetType = patch.budget.type;
      set.budgetMinMinor = patch.budget.minMinor;
      set.budgetMaxMinor = patch.budget.maxMinor;
      set.currency = patch.budget.currency;
    }
    const remote = patch.remote ?? job.isRemote;
    const location = patch.location !== undefined
      ? patch.location
      : patch.remote === true
      ? null
      : job.lat !== null
      ? { name: job.locationName ?? "", lat: job.lat, lng: job.lng!, radiusKm: job.radiusKm! }
      : null;
    if (!placeMatchesRemote({ remote, location })) {
      throw validationError([{
        path: "body.location",
        message: "An on-site task needs a place; a remote task has none.",
      }]);
    }
    set.isRemote = remote;
    set.locationName = location?.name ?? null;
    set.lat = location?.lat ?? null;
    set.lng = location?.lng ?? null;
    set.radiusKm = location?.radiusKm ?? null;
    const [row] = await tx.update(jobs).set(set).where(eq(jobs.id, jobId)).returning();
    if (patch.attachments !== undefined) {
      await detachUploadsExcept(tx, "job", jobId, patch.attachments);
      await attachUploads(tx, patch.attachments, viewer.id, "job", jobId, deps.now);
    }
    return row;
  });
}

/**
 * Deletes a draft or open job: it is cancelled and hidden (deleted_at), its history kept; live
 * proposals are declined and their workers told.
 */
export async function deleteJob(deps: JobDeps, viewer: User, jobId: string): Promise<void> {
  const notes = await deps.db.write(async (tx) => {
    const job = await loadOwnJob(tx, jobId, viewer.id);
    await transitionJob(tx, jobId, "cancel", "client", deps.now);
    await tx.update(jobs).set({ deletedAt: deps.now }).where(eq(jobs.id, jobId));
    return await declineLiveProposals(tx, job, deps.now);
  });
  await publishNotifications(deps.bus, notes);
}

/**
 * Declines every live proposal of a job (PROPOSAL 'decline', by the system) and notifies each
 * worker; returns the notifications to publish after commit.
 */
export async function declineLiveProposals(
  tx: Tx,
  job: Pick<Job, "id" | "title">,
  now: number,
): Promise<Notification[]> {
  const live = await tx.select().from(proposals).where(and(
    eq(proposals.jobId, job.id),
    inArray(proposals.status, ["submitted", "shortlisted"]),
  ));
  const notes: Notification[] = [];
  for (const p of live) {
    const status = transition(PROPOSAL, p.status, "decline", "system");
    await tx.update(proposals).set({ status, updatedAt: now }).where(eq(proposals.id, p.id));
    notes.push(
      await notify(tx, {
        userId: p.workerId,
        type: "proposal.declined",
        title: `“${job.title}” is no longer available`,
        body: "The client withdrew this task, so your proposal was closed.",
        link: "/proposals",
        data: { proposalId: p.id, jobId: job.id },
      }, now),
    );
  }
  return notes;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The list/search view of a job. Coordinates are rounded (~1 km) except for the owner. */
export function toJobSummary(
  job: Job,
  client: { id: string; displayName: string },
  viewerId: string | null,
  extra: { distanceKm?: number | null; proposalCount?: number } = {},
): JobSummaryView {
  const exact = viewerId === job.clientId;
  const text = job.description.replace(/\s+/g, " ").trim();
  return {
    id: job.id,
    title: job.title,
    excerpt: text.length > 240 ? `${text.slice(0, 237).trimEnd()}…` : text,
    category: job.category,
    skills: job.skills,
    budget: {
      type: job.budgetType,
      minMinor: job.budgetMinMinor,
      maxMinor: job.budgetMaxMinor,
      currency: job.currency,
    },
    remote: job.isRemote,
    location: job.lat !== null && job.lng !== null
      ? {
        name: job.locationName ?? "",
        lat: exact ? job.lat : round2(job.lat),
        lng: exact ? job.lng : round2(job.lng),
        radiusKm: job.radiusKm ?? 0,
      }
      : null,
    priorityTags: job.priorityTags,
    status: job.status,
    deadline: iso(job.deadlineAt),
    publishedAt: iso(job.publishedAt),
    createdAt: new Date(job.createdAt).toISOString(),
    client,
    ...extra,
  };
}

export async function countProposals(db: Reader, jobId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(proposals)
    .where(and(eq(proposals.jobId, jobId), ne(proposals.status, "withdrawn")));
  return Number(row?.n ?? 0);
}

export async function getJob(db: Reader, jobId: string): Promise<Job | undefined> {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return job;
}

/** A job as its page shows it; 404 when the viewer may not see it (drafts, deleted). */
export async function getJobDetail(
  db: Reader,
  jobId: string,
  viewerId: string | null,
): Promise<JobDetailView> {
  const [row] = await db.select({ job: jobs, name: users.displayName }).from(jobs)
    .innerJoin(users, eq(users.id, jobs.clientId)).where(eq(jobs.id, jobId)).limit(1);
  if (!row || !canSeeJob(row.job, viewerId) || row.job.deletedAt !== null) {
    throw notFound("This task");
  }
  const { job } = row;
  return {
    ...toJobSummary(job, { id: job.clientId, displayName: row.name }, viewerId),
    description: job.description,
    updatedAt: new Date(job.updatedAt).toISOString(),
    proposalCount: await countProposals(db, job.id),
    attachments: await listAttachments(db, "job", job.id),
  };
}

/** A client's own jobs in every state (deleted ones excepted), newest first, with counts. */
export async function listJobsByClient(
  db: Reader,
  client: Pick<User, "id" | "displayName">,
  opts: { limit: number; cursor?: string },
): Promise<{ items: JobSummaryView[]; nextCursor: string | null }> {
  const after = opts.cursor ? decodeCursor(opts.cursor, "mine") : undefined;
  // Written out in full: drizzle leaves columns unqualified in a one-table select, and a bare
  // "id" inside the subquery would be the proposal's own id (the count was always 0).
  const count = sql<number>`(SELECT count(*) FROM proposals p
    WHERE p.job_id = "jobs"."id" AND p.status <> 'withdrawn')`;
  const rows = await db.select({ job: jobs, proposalCount: count }).from(jobs).where(and(
    eq(jobs.clientId, client.id),
    sql`${jobs.deletedAt} IS NULL`,
    after
      ? or(
        lt(jobs.createdAt, Number(after.k)),
        and(eq(jobs.createdAt, Number(after.k)), lt(jobs.id, after.i)),
      )
      : undefined,
  )).orderBy(desc(jobs.createdAt), desc(jobs.id)).limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) =>
      toJobSummary(r.job, { id: client.id, displayName: client.displayName }, client.id, {
        proposalCount: Number(r.proposalCount),
      })
    ),
    nextCursor: rows.length > opts.limit && last
      ? encodeCursor("mine", { k: last.job.createdAt, i: last.job.id })
      : null,
  };
}
