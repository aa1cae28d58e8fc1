/**
 * Read receipts and unread counts. A member's `last_read_seq` only moves forward (a stale
 * device cannot un-read), and never past the conversation's last seq. Unread is
 * `last_seq - last_read_seq`: sending a message moves your own receipt, so only others'
 * messages count.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import type { Actor } from "@/db/schema.ts";
import { conversationMembers, conversations } from "@/db/schema_chat.ts";
import type { ConversationCursor } from "@/lib/chat_protocol.ts";
import { requireMembership } from "./members.ts";
import type { ChatDeps } from "./send.ts";

export interface ReadState {
  conversationId: string;
  lastReadSeq: number;
  unread: number;
}

export async function markConversationRead(
  deps: Pick<ChatDeps, "db" | "realtime">,
  user: Actor,
  conversationId: string,
  seq: number,
): Promise<ReadState> {
  const result = await deps.db.write(async (tx) => {
    const { conversation, member } = await requireMembership(tx, conversationId, user.id);
    const target = Math.min(seq, conversation.lastSeq);
    if (target <= member.lastReadSeq) {
      return { lastSeq: conversation.lastSeq, lastReadSeq: member.lastReadSeq, changed: false };
    }
    await tx.update(conversationMembers).set({ lastReadSeq: target }).where(and(
      eq(conversationMembers.conversationId, conversationId),
      eq(conversationMembers.userId, user.id),
    ));
    return { lastSeq: conversation.lastSeq, lastReadSeq: target, changed: true };
  });
  if (result.changed) {
    await deps.realtime.toConversation(conversationId, {
      type: "message_read",
      conversationId,
      userId: user.id,
      seq: result.lastReadSeq,
    });
  }
  return {
    conversationId,
    lastReadSeq: result.lastReadSeq,
    unread: Math.max(0, result.lastSeq - result.lastReadSeq),
  };
}

/** Every conversation of the user with its cursors: what `authenticated` carries. */
export async function listConversationCursors(
  db: Reader,
  userId: string,
): Promise<ConversationCursor[]> {
  const rows = await db.select({
    id: conversations.id,
    lastSeq: conversations.lastSeq,
    lastReadSeq: conversationMembers.lastReadSeq,
  }).from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(eq(conversationMembers.userId, userId))
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.createdAt));
  return rows.map((r) => ({ ...r, unread: Math.max(0, r.lastSeq - r.lastReadSeq) }));
}
