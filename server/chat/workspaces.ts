/**
 * Workspaces: created with a unique join code and a public #general channel; anyone with the
 * code joins as a member (and joins #general). Roles: the creator is the owner; everyone who
 * joins is a member; admin is reserved for a role-management screen that does not exist yet.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Reader, Tx } from "@/db/client.ts";
import type { Actor } from "@/db/schema.ts";
import {
  conversationMembers,
  conversations,
  type Workspace,
  workspaceMembers,
  workspaces,
} from "@/db/schema_chat.ts";
import { JOIN_CODE_ALPHABET, type WorkspaceViewT } from "@/lib/schemas/chat.ts";
import { HttpError, notFound } from "@/server/errors.ts";
import type { ChatDeps } from "./send.ts";

type Deps = Pick<ChatDeps, "db" | "bus" | "clock" | "realtime">;
export const GENERAL_CHANNEL = "general";
const JOIN_CODE_LENGTH = 8;

/** 8 characters without look-alikes (0/O, 1/I/L): about 40 bits, read aloud without mistakes. */
export function generateJoinCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(JOIN_CODE_LENGTH * 2));
  let code = "";
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 31).
  const limit = 256 - (256 % JOIN_CODE_ALPHABET.length);
  for (const b of bytes) {
    if (b < limit) code += JOIN_CODE_ALPHABET[b % JOIN_CODE_ALPHABET.length];
    if (code.length === JOIN_CODE_LENGTH) return code;
  }
  return code + generateJoinCode().slice(code.length);
}

export async function requireWorkspaceMember(db: Reader, workspaceId: string, userId: string) {
  const [row] = await db.select({ workspace: workspaces, member: workspaceMembers })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
    .limit(1);
  if (!row) throw notFound("This workspace");
  return row;
}

export async function createWorkspace(deps: Deps, user: Actor, name: string) {
  const now = deps.clock.now();
  const { workspaceId, generalId } = await deps.db.write(async (tx) => {
    let joinCode = generateJoinCode();
    for (let i = 0; i < 5 && await findByCode(tx, joinCode); i++) joinCode = generateJoinCode();
    const workspaceId = crypto.randomUUID();
    await tx.insert(workspaces).values({
      id: workspaceId,
      name,
      joinCode,
      ownerId: user.id,
      createdAt: now,
    });
    await tx.insert(workspaceMembers).values({
      workspaceId,
      userId: user.id,
      role: "owner",
      joinedAt: now,
    });
    const generalId = crypto.randomUUID();
    await tx.insert(conversations).values({
      id: generalId,
      kind: "channel",
      workspaceId,
      name: GENERAL_CHANNEL,
      createdBy: user.id,
      createdAt: now,
    });
    await tx.insert(conversationMembers).values({
      conversationId: generalId,
      userId: user.id,
      joinedAt: now,
    });
    return { workspaceId, generalId };
  });
  await deps.bus.publish(`user:${user.id}`, {
    type: "conversation.joined",
    conversationId: generalId,
    userId: user.id,
  });
  return (await listWorkspaceViews(deps.db.orm, user.id, [workspaceId]))[0];
}

function findByCode(db: Reader, code: string): Promise<Workspace | undefined> {
  return db.select().from(workspaces).where(eq(workspaces.joinCode, code)).limit(1)
    .then((r) => r[0]);
}

/** Joins by code (idempotent: a member joining again changes nothing). */
export async function joinWorkspace(deps: Deps, user: Actor, code: string) {
  const now = deps.clock.now();
  const joined = await deps.db.write(async (tx) => {
    const workspace = await findByCode(tx, code);
    if (!workspace) {
      throw new HttpError(
        "not-found",
        "No workspace has this join code. Check it with whoever sent it.",
      );
    }
    const inserted = await tx.insert(workspaceMembers).values({
      workspaceId: workspace.id,
      userId: user.id,
      role: "member",
      joinedAt: now,
    }).onConflictDoNothing().returning();
    const general = await generalChannel(tx, workspace.id);
    const joinedGeneral = general && inserted.length
      ? await addChannelMember(tx, general.id, general.lastSeq, user.id, now)
      : false;
    return { workspaceId: workspace.id, generalId: joinedGeneral ? general!.id : null };
  });
  if (joined.generalId) await announceJoin(deps, joined.generalId, user.id);
  return (await listWorkspaceViews(deps.db.orm, user.id, [joined.workspaceId]))[0];
}

async function generalChannel(db: Reader, workspaceId: string) {
  const [row] = await db.select().from(conversations).where(and(
    eq(conversations.workspaceId, workspaceId),
    eq(conversations.kind, "channel"),
    eq(conversations.name, GENERAL_CHANNEL),
  )).limit(1);
  return row;
}

/**
 * Adds a channel member whose receipt starts at the channel's current end: joining a busy
 * channel does not greet you with its whole history as unread. True when newly added.
 */
export async function addChannelMember(
  tx: Tx,
  conversationId: string,
  lastSeq: number,
  userId: string,
  now: number,
): Promise<boolean> {
  const rows = await tx.insert(conversationMembers).values({
    conversationId,
    userId,
    joinedAt: now,
    lastReadSeq: lastSeq,
  }).onConflictDoNothing().returning();
  return rows.length > 0;
}

/** After a commit that added `userId`: their sockets subscribe, the channel hears of it. */
export async function announceJoin(deps: Deps, conversationId: string, userId: string) {
  await deps.bus.publish(`user:${userId}`, { type: "conversation.joined", conversationId, userId });
  await deps.realtime.toConversation(conversationId, {
    type: "user_joined",
    conversationId,
    userId,
  });
}

export async function listWorkspaceViews(
  db: Reader,
  userId: string,
  only?: string[],
): Promise<WorkspaceViewT[]> {
  const rows = await db.select({ workspace: workspaces, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(and(
      eq(workspaceMembers.userId, userId),
      only ? inArray(workspaces.id, only) : undefined,
    ))
    .orderBy(workspaces.name, workspaces.id);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.workspace.id);
  const [counts, generals] = await Promise.all([
    db.select({ id: workspaceMembers.workspaceId, n: sql<number>`count(*)` })
      .from(workspaceMembers).where(inArray(workspaceMembers.workspaceId, ids))
      .groupBy(workspaceMembers.workspaceId),
    db.select({ id: conversations.id, workspaceId: conversations.workspaceId })
      .from(conversations).where(and(
        inArray(conversations.workspaceId, ids),
        eq(conversations.kind, "channel"),
        eq(conversations.name, GENERAL_CHANNEL),
      )),
  ]);
  const countById = new Map(counts.map((c) => [c.id, Number(c.n)]));
  const generalById = new Map(generals.map((g) => [g.workspaceId, g.id]));
  return rows.map(({ workspace: w, role }) => ({
    id: w.id,
    name: w.name,
    joinCode: w.joinCode,
    role,
    memberCount: countById.get(w.id) ?? 0,
    generalChannelId: generalById.get(w.id) ?? null,
    createdAt: new Date(w.createdAt).toISOString(),
  }));
}
