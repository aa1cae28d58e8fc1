/**
 * Who is in a conversation. Every chat operation starts with `requireMembership`: a
 * non-member gets the same 404 as for a conversation that does not exist, never its content.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { users } from "@/db/schema.ts";
import {
  type Conversation,
  conversationMembers,
  conversations,
  workspaceMembers,
} from "@/db/schema_chat.ts";
import type { ChatMemberView } from "@/lib/schemas/chat.ts";
import { notFound } from "@/server/errors.ts";
import type { PresenceStore } from "@/server/realtime/presence.ts";

export type Member = typeof conversationMembers.$inferSelect;

export async function getConversation(db: Reader, id: string): Promise<Conversation | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
  return row;
}

export async function findMembership(
  db: Reader,
  conversationId: string,
  userId: string,
): Promise<{ conversation: Conversation; member: Member } | undefined> {
  const [row] = await db.select({ conversation: conversations, member: conversationMembers })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(and(
      eq(conversationMembers.conversationId, conversationId),
      eq(conversationMembers.userId, userId),
    )).limit(1);
  return row;
}

export const conversationNotFound = () => notFound("This conversation");

export async function requireMembership(db: Reader, conversationId: string, userId: string) {
  const found = await findMembership(db, conversationId, userId);
  if (!found) throw conversationNotFound();
  return found;
}

export async function memberIdsOf(db: Reader, conversationId: string): Promise<string[]> {
  const rows = await db.select({ id: conversationMembers.userId }).from(conversationMembers)
    .where(eq(conversationMembers.conversationId, conversationId));
  return rows.map((r) => r.id);
}

/** Members with presence and receipts, for member lists and DM headers. */
export async function listMemberViews(
  db: Reader,
  presence: Pick<PresenceStore, "lookup">,
  conversationIds: readonly string[],
): Promise<Map<string, ChatMemberView[]>> {
  const out = new Map<string, ChatMemberView[]>();
  if (conversationIds.length === 0) return out;
  const rows = await db.select({
    conversationId: conversationMembers.conversationId,
    lastReadSeq: conversationMembers.lastReadSeq,
    user: { id: users.id, displayName: users.displayName, role: users.role },
    workspaceId: conversations.workspaceId,
  }).from(conversationMembers)
    .innerJoin(users, eq(users.id, conversationMembers.userId))
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(inArray(conversationMembers.conversationId, [...conversationIds]))
    .orderBy(users.displayName, users.id);
  const workspaceIds = [...new Set(rows.map((r) => r.workspaceId).filter((w) => w !== null))];
  const roles = new Map<string, "owner" | "admin" | "member">();
  if (workspaceIds.length) {
    const wm = await db.select().from(workspaceMembers)
      .where(inArray(workspaceMembers.workspaceId, workspaceIds));
    for (const m of wm) roles.set(`${m.workspaceId}:${m.userId}`, m.role);
  }
  const seen = await presence.lookup([...new Set(rows.map((r) => r.user.id))]);
  for (const r of rows) {
    const p = seen.get(r.user.id);
    const list = out.get(r.conversationId) ?? [];
    list.push({
      id: r.user.id,
      displayName: r.user.displayName,
      role: r.user.role,
      online: p?.online ?? false,
      lastSeen: p?.lastSeen ? new Date(p.lastSeen).toISOString() : null,
      lastReadSeq: r.lastReadSeq,
      workspaceRole: r.workspaceId ? roles.get(`${r.workspaceId}:${r.user.id}`) ?? null : null,
    });
    out.set(r.conversationId, list);
  }
  return out;
}
