/**
 * Workspace channels. Public channels are visible to every workspace member, who may list,
 * join and leave them. Private channels exist only for their members: nobody else — not even
 * the workspace's owner — sees them in lists, their members or their messages (404, as for a
 * channel that does not exist); a member brings others in with an invite, and any workspace
 * member may be invited. Any channel member may invite to a public channel too. #general
 * cannot be left: it is how a workspace reaches everyone.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import type { Actor } from "@/db/schema.ts";
import {
  type Conversation,
  conversationMembers,
  conversations,
  workspaceMembers,
} from "@/db/schema_chat.ts";
import type { ChannelViewT, ChatMemberView } from "@/lib/schemas/chat.ts";
import { HttpError, notFound } from "@/server/errors.ts";
import { findMembership, listMemberViews } from "./members.ts";
import type { ChatDeps } from "./send.ts";
import {
  addChannelMember,
  announceJoin,
  GENERAL_CHANNEL,
  requireWorkspaceMember,
} from "./workspaces.ts";

type Deps = Pick<ChatDeps, "db" | "bus" | "clock" | "realtime" | "presence">;

const channelNotFound = () => notFound("This channel");

/** The channel, if `userId` may see it: public → workspace members; private → its members. */
export async function requireVisibleChannel(
  db: Reader,
  channelId: string,
  userId: string,
): Promise<{ channel: Conversation; isMember: boolean }> {
  const [channel] = await db.select().from(conversations)
    .where(and(eq(conversations.id, channelId), eq(conversations.kind, "channel"))).limit(1);
  if (!channel || !channel.workspaceId) throw channelNotFound();
  const isMember = (await findMembership(db, channelId, userId)) !== undefined;
  if (channel.isPrivate && !isMember) throw channelNotFound();
  const [inWorkspace] = await db.select({ id: workspaceMembers.userId }).from(workspaceMembers)
    .where(and(
      eq(workspaceMembers.workspaceId, channel.workspaceId),
      eq(workspaceMembers.userId, userId),
    )).limit(1);
  if (!inWorkspace) throw channelNotFound();
  return { channel, isMember };
}

export async function listChannels(
  db: Reader,
  userId: string,
  workspaceId: string,
): Promise<ChannelViewT[]> {
  await requireWorkspaceMember(db, workspaceId, userId);
  const mine = db.select({ id: conversationMembers.conversationId }).from(conversationMembers)
    .where(eq(conversationMembers.userId, userId));
  const rows = await db.select().from(conversations).where(and(
    eq(conversations.workspaceId, workspaceId),
    eq(conversations.kind, "channel"),
    or(eq(conversations.isPrivate, false), inArray(conversations.id, mine)),
  )).orderBy(conversations.name);
  return await toChannelViews(db, userId, rows);
}

async function toChannelViews(
  db: Reader,
  userId: string,
  rows: Conversation[],
): Promise<ChannelViewT[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [counts, memberships] = await Promise.all([
    db.select({ id: conversationMembers.conversationId, n: sql<number>`count(*)` })
      .from(conversationMembers).where(inArray(conversationMembers.conversationId, ids))
      .groupBy(conversationMembers.conversationId),
    db.select().from(conversationMembers).where(and(
      inArray(conversationMembers.conversationId, ids),
      eq(conversationMembers.userId, userId),
    )),
  ]);
  const countById = new Map(counts.map((c) => [c.id, Number(c.n)]));
  const readById = new Map(memberships.map((m) => [m.conversationId, m.lastReadSeq]));
  return rows.map((c) => ({
    id: c.id,
    workspaceId: c.workspaceId!,
    name: c.name ?? "",
    isPrivate: c.isPrivate,
    memberCount: countById.get(c.id) ?? 0,
    isMember: readById.has(c.id),
    lastSeq: c.lastSeq,
    unread: readById.has(c.id) ? Math.max(0, c.lastSeq - readById.get(c.id)!) : 0,
    createdAt: new Date(c.createdAt).toISOString(),
  }));
}

async function channelView(db: Reader, userId: string, id: string): Promise<ChannelViewT> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
  return (await toChannelViews(db, userId, [row]))[0];
}

export async function createChannel(
  deps: Deps,
  user: Actor,
  workspaceId: string,
  input: { name: string; isPrivate: boolean },
): Promise<ChannelViewT> {
  const now = deps.clock.now();
  const id = await deps.db.write(async (tx) => {
    await requireWorkspaceMember(tx, workspaceId, user.id);
    const [taken] = await tx.select({ id: conversations.id }).from(conversations).where(and(
      eq(conversations.workspaceId, workspaceId),
      eq(conversations.kind, "channel"),
      eq(conversations.name, input.name),
    )).limit(1);
    if (taken) {
      throw new HttpError("conflict", `This workspace already has a channel named #${input.name}.`);
    }
    const id = crypto.randomUUID();
    await tx.insert(conversations).values({
      id,
      kind: "channel",
      workspaceId,
      name: input.name,
      isPrivate: input.isPrivate,
      createdBy: user.id,
      createdAt: now,
    });
    await addChannelMember(tx, id, 0, user.id, now);
    return id;
  });
  await deps.bus.publish(`user:${user.id}`, {
    type: "conversation.joined",
    conversationId: id,
    userId: user.id,
  });
  return await channelView(deps.db.orm, user.id, id);
}

export async function joinChannel(deps: Deps, user: Actor, channelId: string) {
  const now = deps.clock.now();
  const added = await deps.db.write(async (tx) => {
    const { channel, isMember } = await requireVisibleChannel(tx, channelId, user.id);
    if (isMember) return false;
    return await addChannelMember(tx, channel.id, channel.lastSeq, user.id, now);
  });
  if (added) await announceJoin(deps, channelId, user.id);
  return await channelView(deps.db.orm, user.id, channelId);
}

export async function leaveChannel(deps: Deps, user: Actor, channelId: string) {
  const left = await deps.db.write(async (tx) => {
    const { channel, isMember } = await requireVisibleChannel(tx, channelId, user.id);
    if (!isMember) return false;
    if (channel.name === GENERAL_CHANNEL) {
      throw new HttpError("conflict", "Everyone in a workspace stays in #general.");
    }
    await tx.delete(conversationMembers).where(and(
      eq(conversationMembers.conversationId, channelId),
      eq(conversationMembers.userId, user.id),
    ));
    return true;
  });
  if (left) {
    // The channel (the leaver's sockets included) hears it before those sockets unsubscribe.
    await deps.realtime.toConversation(channelId, {
      type: "user_left",
      conversationId: channelId,
      userId: user.id,
    });
    await deps.bus.publish(`user:${user.id}`, {
      type: "conversation.left",
      conversationId: channelId,
      userId: user.id,
    });
  }
  return await channelView(deps.db.orm, user.id, channelId);
}

export async function inviteToChannel(
  deps: Deps,
  user: Actor,
  channelId: string,
  inviteeId: string,
): Promise<ChannelViewT> {
  const now = deps.clock.now();
  const added = await deps.db.write(async (tx) => {
    const { channel, isMember } = await requireVisibleChannel(tx, channelId, user.id);
    if (!isMember) throw new HttpError("forbidden", "Join the channel before inviting others.");
    const [invitee] = await tx.select().from(workspaceMembers).where(and(
      eq(workspaceMembers.workspaceId, channel.workspaceId!),
      eq(workspaceMembers.userId, inviteeId),
    )).limit(1);
    if (!invitee) throw notFound("This workspace member");
    return await addChannelMember(tx, channel.id, channel.lastSeq, inviteeId, now);
  });
  if (added) await announceJoin(deps, channelId, inviteeId);
  return await channelView(deps.db.orm, user.id, channelId);
}

export async function listChannelMembers(
  deps: Deps,
  user: Actor,
  channelId: string,
): Promise<ChatMemberView[]> {
  await requireVisibleChannel(deps.db.orm, channelId, user.id);
  return (await listMemberViews(deps.db.orm, deps.presence, [channelId])).get(channelId) ?? [];
}
