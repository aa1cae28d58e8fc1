/**
 * Direct messages and job threads, and the conversation list. A pair of users has one DM,
 * keyed by their sorted ids, so it is found the same way whoever starts it; a job thread is
 * keyed by job and pair, and is allowed only between the job's client and a worker who has a
 * proposal or contract on it.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "@/db/schema.ts";
import { users } from "@/db/schema.ts";
import {
  type Conversation,
  conversationMembers,
  conversations,
  messages,
} from "@/db/schema_chat.ts";
import { jobs, proposals } from "@/db/schema_marketplace.ts";
import { contracts } from "@/db/schema_contracts.ts";
import type { ConversationSummaryView, JobCardView } from "@/lib/schemas/chat.ts";
import { forbidden, notFound, validationError } from "@/server/errors.ts";
import { listMemberViews, type Member, requireMembership } from "./members.ts";
import type { ChatDeps } from "./send.ts";
import { toMessageViews } from "./views.ts";

type Deps = Pick<ChatDeps, "db" | "bus" | "clock" | "presence">;

export async function openDirectConversation(
  deps: Deps,
  user: Actor,
  input: { userId: string; jobId?: string },
): Promise<{ summary: ConversationSummaryView; created: boolean }> {
  const { db, bus, clock } = deps;
  if (input.userId === user.id) {
    throw validationError([{ path: "body.userId", message: "Message someone other than you." }]);
  }
  const [other] = await db.orm.select().from(users)
    .where(and(eq(users.id, input.userId), eq(users.status, "active"))).limit(1);
  if (!other) throw notFound("This user");
  const pair = [user.id, other.id].sort();
  const jobId = input.jobId;
  if (jobId) await assertJobThreadAllowed(deps, jobId, user.id, other.id);
  const dmKey = jobId ? `job:${jobId}:${pair[0]}:${pair[1]}` : `${pair[0]}:${pair[1]}`;
  const now = clock.now();
  const result = await db.write(async (tx) => {
    const [existing] = await tx.select().from(conversations)
      .where(eq(conversations.dmKey, dmKey)).limit(1);
    if (existing) return { id: existing.id, created: false };
    const id = crypto.randomUUID();
    const contractId = jobId ? await contractBetween(tx, jobId, pair) : null;
    await tx.insert(conversations).values({
      id,
      kind: jobId ? "job" : "dm",
      dmKey,
      jobId: jobId ?? null,
      contractId,
      createdBy: user.id,
      createdAt: now,
    });
    await tx.insert(conversationMembers).values(
      pair.map((userId) => ({ conversationId: id, userId, joinedAt: now })),
    );
    return { id, created: true };
  });
  if (result.created) {
    for (const userId of pair) {
      await bus.publish(`user:${userId}`, {
        type: "conversation.joined",
        conversationId: result.id,
        userId,
      });
    }
  }
  return {
    summary: await getConversationSummary(deps, user.id, result.id),
    created: result.created,
  };
}

async function assertJobThreadAllowed(deps: Deps, jobId: string, me: string, other: string) {
  const [job] = await deps.db.orm.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
  if (!job || job.deletedAt !== null) throw notFound("This job");
  const isClient = job.clientId === me;
  const worker = isClient ? other : me;
  if (!isClient && job.clientId !== other) throw notFound("This job");
  const [proposal] = await deps.db.orm.select({ id: proposals.id }).from(proposals)
    .where(and(eq(proposals.jobId, jobId), eq(proposals.workerId, worker))).limit(1);
  const [contract] = await deps.db.orm.select({ id: contracts.id }).from(contracts)
    .where(and(eq(contracts.jobId, jobId), eq(contracts.workerId, worker))).limit(1);
  if (!proposal && !contract) {
    // A worker probing someone else's job learns nothing; the client is told why.
    if (!isClient) throw notFound("This job");
    throw forbidden("Job threads are with workers who applied to the job or hold its contract.");
  }
}

async function contractBetween(
  db: Deps["db"]["orm"] | Parameters<Parameters<Deps["db"]["write"]>[0]>[0],
  jobId: string,
  pair: string[],
): Promise<string | null> {
  const [c] = await db.select().from(contracts).where(eq(contracts.jobId, jobId)).limit(1);
  return c && pair.includes(c.clientId) && pair.includes(c.workerId) ? c.id : null;
}

export async function getConversationSummary(
  deps: Deps,
  userId: string,
  conversationId: string,
): Promise<ConversationSummaryView> {
  const found = await requireMembership(deps.db.orm, conversationId, userId);
  return (await summarize(deps, [found]))[0];
}

export async function listConversationSummaries(
  deps: Deps,
  userId: string,
  filter: { kind?: Conversation["kind"]; workspaceId?: string } = {},
): Promise<ConversationSummaryView[]> {
  const rows = await deps.db.orm.select({
    conversation: conversations,
    member: conversationMembers,
  })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(and(
      eq(conversationMembers.userId, userId),
      filter.kind ? eq(conversations.kind, filter.kind) : undefined,
      filter.workspaceId ? eq(conversations.workspaceId, filter.workspaceId) : undefined,
    ))
    .orderBy(
      desc(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`),
      desc(conversations.id),
    );
  return await summarize(deps, rows);
}

/** Summaries for the member's rows: a fixed number of queries, whatever the list's length. */
async function summarize(
  deps: Deps,
  rows: { conversation: Conversation; member: Member }[],
): Promise<ConversationSummaryView[]> {
  const db = deps.db.orm;
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.conversation.id);
  const pairIds = rows.filter((r) => r.conversation.kind !== "channel").map((r) =>
    r.conversation.id
  );
  const [members, counts, lastRows, cards] = await Promise.all([
    listMemberViews(db, deps.presence, pairIds),
    db.select({ id: conversationMembers.conversationId, n: sql<number>`count(*)` })
      .from(conversationMembers).where(inArray(conversationMembers.conversationId, ids))
      .groupBy(conversationMembers.conversationId),
    db.select({ m: messages }).from(messages).innerJoin(
      conversations,
      and(eq(conversations.id, messages.conversationId), eq(messages.seq, conversations.lastSeq)),
    ).where(inArray(conversations.id, ids)),
    jobCards(deps, rows.map((r) => r.conversation)),
  ]);
  const countById = new Map(counts.map((c) => [c.id, Number(c.n)]));
  const lastViews = await toMessageViews(db, lastRows.map((r) => r.m));
  const lastById = new Map(lastViews.map((m) => [m.conversationId, m]));
  return rows.map(({ conversation: c, member }) => {
    const list = members.get(c.id) ?? [];
    const job = cards.get(c.id) ?? null;
    const other = list.find((m) => m.id !== member.userId);
    return {
      id: c.id,
      kind: c.kind,
      title: c.kind === "channel"
        ? `#${c.name}`
        : c.kind === "job"
        ? `${job?.title ?? "Job"} · ${other?.displayName ?? ""}`.trim()
        : other?.displayName ?? "Conversation",
      name: c.kind === "channel" ? c.name : null,
      isPrivate: c.isPrivate,
      workspaceId: c.workspaceId,
      job,
      members: list,
      memberCount: countById.get(c.id) ?? 0,
      lastSeq: c.lastSeq,
      lastReadSeq: member.lastReadSeq,
      unread: Math.max(0, c.lastSeq - member.lastReadSeq),
      lastMessage: lastById.get(c.id) ?? null,
      lastMessageAt: c.lastMessageAt === null ? null : new Date(c.lastMessageAt).toISOString(),
      createdAt: new Date(c.createdAt).toISOString(),
    };
  });
}

async function jobCards(deps: Deps, list: Conversation[]): Promise<Map<string, JobCardView>> {
  const out = new Map<string, JobCardView>();
  const threads = list.filter((c) => c.kind === "job" && c.jobId !== null);
  if (threads.length === 0) return out;
  const jobIds = [...new Set(threads.map((c) => c.jobId!))];
  const [jobRows, contractRows] = await Promise.all([
    deps.db.orm.select().from(jobs).where(inArray(jobs.id, jobIds)),
    deps.db.orm.select().from(contracts).where(inArray(contracts.jobId, jobIds)),
  ]);
  const jobById = new Map(jobRows.map((j) => [j.id, j]));
  const contractByJob = new Map(contractRows.map((c) => [c.jobId, c]));
  for (const c of threads) {
    const job = jobById.get(c.jobId!);
    if (!job) continue;
    const contract = contractByJob.get(job.id);
    const [, , a, b] = (c.dmKey ?? "").split(":");
    const ours = contract && [a, b].includes(contract.clientId) &&
      [a, b].includes(contract.workerId);
    out.set(c.id, {
      id: job.id,
      title: job.title,
      status: job.status,
      budgetType: job.budgetType,
      budgetMinMinor: job.budgetMinMinor,
      budgetMaxMinor: job.budgetMaxMinor,
      currency: job.currency,
      contract: ours ? { id: contract.id, status: contract.status } : null,
    });
  }
  return out;
}
