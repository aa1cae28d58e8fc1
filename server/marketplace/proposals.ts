/**
 * Proposals: a worker applies to an open job (instantly at the posted budget, or with a quote);
 * the job's client shortlists, rejects or accepts (which hires: see contracts/contracts.ts);
 * the worker withdraws. One live proposal per worker per job (a unique partial index).
 *
 * Access: a proposal is visible to its worker and to the job's client; anyone else gets 404.
 * A party who may see it but not take the action gets 403; an illegal move is a 409.
 */
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { Reader, Tx } from "@/db/client.ts";
import type { User } from "@/db/schema.ts";
import { users } from "@/db/schema.ts";
import { contracts } from "@/db/schema_contracts.ts";
import { type Job, jobs, type Proposal, proposals } from "@/db/schema_marketplace.ts";
import { PROPOSAL, type ProposalStatus } from "@/lib/lifecycles.ts";
import type { PaymentModeT, ProposalCreateInput, ProposalViewT } from "@/lib/schemas/proposals.ts";
import { createContractFromProposal } from "@/server/contracts/contracts.ts";
import { type Effects, iso, type MarketDeps, runWrite } from "@/server/contracts/effects.ts";
import { attachFiles, listFilesFor } from "@/server/contracts/files.ts";
import { forbidden, HttpError, notFound, validationError } from "@/server/errors.ts";
import { transition } from "@/server/lifecycle.ts";
import type { RateLimitRule } from "@/server/security/rate_limit.ts";

/** Per-IP limits on sending proposals (the API and the apply page share them). */
export const PROPOSAL_LIMITS = {
  create: { name: "proposal-create", limit: 30, windowMs: 3600_000 },
} satisfies Record<string, RateLimitRule>;

/** Statuses that count as "live" (the unique index allows one per worker per job). */
export const LIVE_PROPOSAL_STATUSES: ProposalStatus[] = ["submitted", "shortlisted", "accepted"];

async function getJob(db: Reader, jobId: string): Promise<Job | undefined> {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return job;
}

/** The job a worker may apply to: visible (published, not deleted) and open. */
async function jobOpenForApplying(db: Reader, jobId: string, worker: User): Promise<Job> {
  const job = await getJob(db, jobId);
  if (!job || job.deletedAt !== null || job.status === "draft") throw notFound("This job");
  if (job.clientId === worker.id) throw forbidden("You cannot apply to your own job.");
  if (worker.role !== "worker") {
    throw forbidden("Only worker accounts can apply. Sign up as a worker to send proposals.");
  }
  if (job.status !== "open") {
    throw new HttpError("invalid-transition", "This job is no longer taking proposals.");
  }
  return job;
}

/** The amount an instant application offers: a fixed job's maximum, an hourly job's minimum. */
export function instantAmount(job: Pick<Job, "budgetType" | "budgetMinMinor" | "budgetMaxMinor">) {
  return job.budgetType === "fixed" ? job.budgetMaxMinor : job.budgetMinMinor;
}

const duplicate = () =>
  new HttpError(
    "conflict",
    "You already have a live proposal on this job. Withdraw it first to send a new one.",
  );

/** Sends a proposal; the job's client is notified. */
export async function createProposal(
  deps: MarketDeps,
  worker: User,
  jobId: string,
  input: ProposalCreateInput,
): Promise<ProposalViewT> {
  const id = await runWrite(deps, async (fx) => {
    const { tx, now } = fx;
    const job = await jobOpenForApplying(tx, jobId, worker);
    const [live] = await tx.select({ id: proposals.id }).from(proposals).where(and(
      eq(proposals.jobId, job.id),
      eq(proposals.workerId, worker.id),
      inArray(proposals.status, LIVE_PROPOSAL_STATUSES),
    )).limit(1);
    if (live) throw duplicate();
    let amountMinor: number;
    if (input.kind === "quote") {
      if (input.amount.currency !== job.currency) {
        throw validationError([{
          path: "body.amount.currency",
          message: `Quote in the job's currency (${job.currency}).`,
        }]);
      }
      amountMinor = input.amount.amountMinor;
    } else {
      amountMinor = instantAmount(job);
      if (amountMinor <= 0) {
        throw new HttpError(
          "conflict",
          "This job has no posted amount to accept. Send a quote with your price instead.",
        );
      }
    }
    const id = crypto.randomUUID();
    await tx.insert(proposals).values({
      id,
      jobId: job.id,
      workerId: worker.id,
      kind: input.kind,
      amountMinor,
      currency: job.currency,
      durationDays: input.kind === "quote" ? input.durationDays : null,
      coverLetter: input.kind === "quote" ? input.coverLetter : input.message ?? "",
      status: "submitted",
      createdAt: now,
      updatedAt: now,
    });
    if (input.kind === "quote") {
      await attachFiles(tx, input.attachments, worker.id, "proposal", id, now);
    }
    await fx.notify({
      userId: job.clientId,
      type: "proposal.received",
      title: `New proposal on “${job.title}”`,
      body: `${worker.displayName} ${input.kind === "instant" ? "applied" : "sent a quote"}.`,
      link: `/jobs/${job.id}/proposals`,
      data: { proposalId: id, jobId: job.id },
    });
    emitChanged(fx, { id, jobId: job.id, status: "submitted" }, job.clientId, worker.id);
    return id;
  }).catch((err) => {
    // Two requests racing past the check meet the unique index instead.
    if (String(err?.message ?? err).includes("UNIQUE constraint failed: proposals")) {
      throw duplicate();
    }
    throw err;
  });
  return await getProposalForViewer(deps.db.orm, worker, id);
}

function emitChanged(
  fx: Effects,
  p: { id: string; jobId: string; status: string },
  clientId: string,
  workerId: string,
) {
  const event = {
    type: "proposal.changed" as const,
    proposalId: p.id,
    jobId: p.jobId,
    status: p.status,
  };
  fx.emit(`user:${clientId}`, event);
  fx.emit(`user:${workerId}`, event);
}

interface Loaded {
  proposal: Proposal;
  job: Job;
  role: "client" | "worker";
}

/** A proposal with its job, as its worker or the job's client sees it; 404 for anyone else. */
async function loadForParty(db: Reader, viewer: User, proposalId: string): Promise<Loaded> {
  const [row] = await db.select({ proposal: proposals, job: jobs }).from(proposals)
    .innerJoin(jobs, eq(jobs.id, proposals.jobId)).where(eq(proposals.id, proposalId)).limit(1);
  if (!row) throw notFound("This proposal");
  if (row.proposal.workerId === viewer.id) return { ...row, role: "worker" };
  if (row.job.clientId === viewer.id) return { ...row, role: "client" };
  throw notFound("This proposal");
}

export async function getProposalForViewer(
  db: Reader,
  viewer: User,
  proposalId: string,
): Promise<ProposalViewT> {
  const { proposal } = await loadForParty(db, viewer, proposalId);
  const [view] = await toProposalViews(db, [proposal]);
  return view;
}

/** The proposals on a job, for its client only (anyone else: 404). Newest first. */
export async function listProposalsForJob(
  db: Reader,
  viewer: User,
  jobId: string,
  opts: { status?: ProposalStatus; limit: number },
): Promise<ProposalViewT[]> {
  const job = await getJob(db, jobId);
  if (!job || job.clientId !== viewer.id) throw notFound("This job");
  const rows = await db.select().from(proposals).where(and(
    eq(proposals.jobId, jobId),
    opts.status ? eq(proposals.status, opts.status) : undefined,
  )).orderBy(desc(proposals.createdAt), desc(proposals.id)).limit(opts.limit);
  return await toProposalViews(db, rows);
}

/** The viewer's own proposals (as a worker), newest first. */
export async function listMyProposals(
  db: Reader,
  viewer: User,
  opts: { status?: ProposalStatus; limit: number },
): Promise<ProposalViewT[]> {
  const rows = await db.select().from(proposals).where(and(
    eq(proposals.workerId, viewer.id),
    opts.status ? eq(proposals.status, opts.status) : undefined,
  )).orderBy(desc(proposals.createdAt), desc(proposals.id)).limit(opts.limit);
  return await toProposalViews(db, rows);
}

/** Counts of a client's proposals per job (for dashboards). */
export async function countProposalsByJob(db: Reader, jobIds: string[]) {
  const out = new Map<string, number>(jobIds.map((id) => [id, 0]));
  if (jobIds.length === 0) return out;
  const rows = await db.select({ jobId: proposals.jobId }).from(proposals)
    .where(and(inArray(proposals.jobId, jobIds), ne(proposals.status, "withdrawn")));
  for (const r of rows) out.set(r.jobId, (out.get(r.jobId) ?? 0) + 1);
  return out;
}

export async function toProposalViews(db: Reader, rows: Proposal[]): Promise<ProposalViewT[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((p) => p.id);
  const [jobRows, workerRows, contractRows, files] = await Promise.all([
    db.select({ id: jobs.id, title: jobs.title, status: jobs.status }).from(jobs)
      .where(inArray(jobs.id, [...new Set(rows.map((p) => p.jobId))])),
    db.select({ id: users.id, displayName: users.displayName, headline: users.headline })
      .from(users).where(inArray(users.id, [...new Set(rows.map((p) => p.workerId))])),
    db.select({ id: contracts.id, proposalId: contracts.proposalId }).from(contracts)
      .where(inArray(contracts.proposalId, ids)),
    listFilesFor(db, "proposal", ids),
  ]);
  const jobById = new Map(jobRows.map((j) => [j.id, j]));
  const workerById = new Map(workerRows.map((w) => [w.id, w]));
  const contractByProposal = new Map(contractRows.map((c) => [c.proposalId, c.id]));
  return rows.map((p) => ({
    id: p.id,
    job: jobById.get(p.jobId)!,
    worker: workerById.get(p.workerId)!,
    kind: p.kind,
    amount: { amountMinor: p.amountMinor, currency: p.currency },
    durationDays: p.durationDays,
    coverLetter: p.coverLetter,
    status: p.status,
    attachments: files.get(p.id) ?? [],
    contractId: contractByProposal.get(p.id) ?? null,
    firstResponseAt: iso(p.firstResponseAt),
    createdAt: iso(p.createdAt)!,
    updatedAt: iso(p.updatedAt)!,
  }));
}

/** Moves a proposal through PROPOSAL and records the client's first response time. */
async function moveProposal(
  tx: Tx,
  loaded: Loaded,
  action: keyof typeof PROPOSAL.transitions,
  actor: "client" | "worker" | "system",
  now: number,
): Promise<Proposal> {
  const { proposal } = loaded;
  const status = transition(PROPOSAL, proposal.status, action, actor);
  const [row] = await tx.update(proposals).set({
    status,
    updatedAt: now,
    ...(actor === "client" && proposal.firstResponseAt === null ? { firstResponseAt: now } : {}),
  }).where(eq(proposals.id, proposal.id)).returning();
  return row;
}

const STATUS_NOTICE: Record<string, { title: (job: string) => string; body: string }> = {
  shortlisted: {
    title: (job) => `You are on the shortlist for “${job}”`,
    body: "The client shortlisted your proposal.",
  },
  rejected: {
    title: (job) => `Your proposal for “${job}” was not chosen`,
    body: "The client decided not to go ahead with your proposal.",
  },
};

/** Client actions that only change the proposal: shortlist and reject. */
async function clientDecision(
  deps: MarketDeps,
  viewer: User,
  proposalId: string,
  action: "shortlist" | "reject",
): Promise<ProposalViewT> {
  await runWrite(deps, async (fx) => {
    const loaded = await loadForParty(fx.tx, viewer, proposalId);
    if (loaded.role !== "client") throw forbidden("Only the job's client can do this.");
    const row = await moveProposal(fx.tx, loaded, action, "client", fx.now);
    const notice = STATUS_NOTICE[row.status];
    await fx.notify({
      userId: row.workerId,
      type: `proposal.${row.status}`,
      title: notice.title(loaded.job.title),
      body: notice.body,
      link: "/proposals",
      data: { proposalId: row.id, jobId: row.jobId },
    });
    emitChanged(fx, row, loaded.job.clientId, row.workerId);
  });
  return await getProposalForViewer(deps.db.orm, viewer, proposalId);
}

export const shortlistProposal = (deps: MarketDeps, viewer: User, id: string) =>
  clientDecision(deps, viewer, id, "shortlist");

export const rejectProposal = (deps: MarketDeps, viewer: User, id: string) =>
  clientDecision(deps, viewer, id, "reject");

/** The worker takes their proposal back; they may then send a new one. */
export async function withdrawProposal(
  deps: MarketDeps,
  viewer: User,
  proposalId: string,
): Promise<ProposalViewT> {
  await runWrite(deps, async (fx) => {
    const loaded = await loadForParty(fx.tx, viewer, proposalId);
    if (loaded.role !== "worker") throw forbidden("Only the worker who sent it can withdraw it.");
    const row = await moveProposal(fx.tx, loaded, "withdraw", "worker", fx.now);
    await fx.notify({
      userId: loaded.job.clientId,
      type: "proposal.withdrawn",
      title: `A proposal for “${loaded.job.title}” was withdrawn`,
      link: `/jobs/${loaded.job.id}/proposals`,
      data: { proposalId: row.id, jobId: loaded.job.id },
    });
    emitChanged(fx, row, loaded.job.clientId, row.workerId);
  });
  return await getProposalForViewer(deps.db.orm, viewer, proposalId);
}

/**
 * Hires: in one transaction the proposal is accepted, the job goes in_progress, every other
 * live proposal on the job is declined (and its worker told), and the contract is created with
 * a first milestone from the proposal (see createContractFromProposal).
 */
export async function acceptProposal(
  deps: MarketDeps,
  viewer: User,
  proposalId: string,
  input: { paymentMode: PaymentModeT },
): Promise<{ proposal: ProposalViewT; contractId: string }> {
  const contractId = await runWrite(deps, async (fx) => {
    const { tx, now } = fx;
    const loaded = await loadForParty(tx, viewer, proposalId);
    if (loaded.role !== "client") throw forbidden("Only the job's client can hire.");
    const accepted = await moveProposal(tx, loaded, "accept", "client", now);
    const others = await tx.select().from(proposals).where(and(
      eq(proposals.jobId, accepted.jobId),
      ne(proposals.id, accepted.id),
      inArray(proposals.status, ["submitted", "shortlisted"]),
    ));
    for (const other of others) {
      const row = await moveProposal(tx, { ...loaded, proposal: other }, "decline", "system", now);
      await fx.notify({
        userId: row.workerId,
        type: "proposal.declined",
        title: `“${loaded.job.title}” was filled`,
        body: "The client hired someone else for this job. Thanks for applying.",
        link: "/proposals",
        data: { proposalId: row.id, jobId: row.jobId },
      });
      emitChanged(fx, row, loaded.job.clientId, row.workerId);
    }
    const contract = await createContractFromProposal(fx, accepted, loaded.job, input.paymentMode);
    emitChanged(fx, accepted, loaded.job.clientId, accepted.workerId);
    return contract.id;
  });
  return { proposal: await getProposalForViewer(deps.db.orm, viewer, proposalId), contractId };
}

/** What the apply page shows: the job (404 unless published), and the viewer's live proposal. */
export async function getApplyContext(db: Reader, viewer: User, jobId: string) {
  const job = await getJob(db, jobId);
  if (!job || job.deletedAt !== null || (job.status === "draft" && job.clientId !== viewer.id)) {
    throw notFound("This job");
  }
  const [live] = await db.select().from(proposals).where(and(
    eq(proposals.jobId, job.id),
    eq(proposals.workerId, viewer.id),
    inArray(proposals.status, LIVE_PROPOSAL_STATUSES),
  )).limit(1);
  return { job, live: live ?? null, instantAmountMinor: instantAmount(job) };
}

/** The job behind the proposal-review page: its client only (anyone else: 404). */
export async function getJobTitleForOwner(db: Reader, viewer: User, jobId: string) {
  const job = await getJob(db, jobId);
  if (!job || job.clientId !== viewer.id) throw notFound("This job");
  return { id: job.id, title: job.title, status: job.status };
}
