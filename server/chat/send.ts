/**
 * Sending a message — the delivery guarantee lives here. One write transaction checks
 * membership, answers a resend (same sender, same clientMsgId) with the stored message, takes
 * the next seq from the conversation row, stores the message with its attachments, moves the
 * sender's read receipt and notifies offline recipients of a DM. Only after it commits is the
 * message published, so a message anyone has seen is always in the database.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client.ts";
import type { User } from "@/db/schema.ts";
import {
  conversationMembers,
  conversations,
  type Message,
  messageAttachments,
  messages,
} from "@/db/schema_chat.ts";
import { uploads } from "@/db/schema_marketplace.ts";
import { type Notification, notifications } from "@/db/schema_social.ts";
import { CHAT_LIMITS, type MessageView } from "@/lib/chat_protocol.ts";
import { HttpError, validationError } from "@/server/errors.ts";
import { notify, publishNotifications } from "@/server/notify/notifications.ts";
import type { RateLimitRule } from "@/server/security/rate_limit.ts";
import type { AppDeps } from "@/server/web/context.ts";
import { memberIdsOf, requireMembership } from "./members.ts";
import { toMessageView } from "./views.ts";

export type ChatDeps = Pick<
  AppDeps,
  "db" | "bus" | "clock" | "rateLimiter" | "realtime" | "presence"
>;

export const MESSAGE_RATE: RateLimitRule = {
  name: "chat-message",
  limit: CHAT_LIMITS.messagesPerMinute,
  windowMs: 60_000,
};

export interface SendInput {
  conversationId: string;
  clientMsgId: string;
  content: string;
  attachments?: string[];
  replyTo?: string;
}

export interface SendOutcome {
  ack: { clientMsgId: string; id: string; seq: number; conversationId: string };
  message: MessageView;
  /** The clientMsgId was already stored: nothing new was written or published. */
  duplicate: boolean;
}

/** Where a message notification leads (the UI's thread page). */
export const conversationLink = (conversationId: string) => `/messages/${conversationId}`;

/**
 * Appends a message to a conversation inside the caller's transaction: the next seq, the row,
 * and last_message_at. Calls use it for their call messages too.
 */
export async function insertMessageTx(tx: Tx, input: {
  conversationId: string;
  senderId: string;
  clientMsgId: string;
  kind: Message["kind"];
  content: string;
  replyToId?: string | null;
  now: number;
}): Promise<Message> {
  const [conv] = await tx.update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1`, lastMessageAt: input.now })
    .where(eq(conversations.id, input.conversationId))
    .returning({ lastSeq: conversations.lastSeq });
  if (!conv) throw new Error(`conversation ${input.conversationId} does not exist`);
  const [row] = await tx.insert(messages).values({
    id: crypto.randomUUID(),
    conversationId: input.conversationId,
    seq: conv.lastSeq,
    senderId: input.senderId,
    clientMsgId: input.clientMsgId,
    kind: input.kind,
    content: input.content,
    replyToId: input.replyToId ?? null,
    createdAt: input.now,
  }).returning();
  return row;
}

async function findSent(db: Tx | ChatDeps["db"]["orm"], senderId: string, clientMsgId: string) {
  const [row] = await db.select().from(messages)
    .where(and(eq(messages.senderId, senderId), eq(messages.clientMsgId, clientMsgId))).limit(1);
  return row;
}

export async function sendMessage(
  deps: ChatDeps,
  user: User,
  input: SendInput,
  /** Runs after the commit and before the broadcast: the sender's ack goes out first. */
  beforeBroadcast?: (outcome: SendOutcome) => void,
): Promise<SendOutcome> {
  const { db, clock, rateLimiter, realtime, bus, presence } = deps;
  const content = input.content.trim();
  const attachmentIds = [...new Set(input.attachments ?? [])];
  if (content.length > CHAT_LIMITS.maxContent) {
    throw validationError([{
      path: "content",
      message: `Keep messages under ${CHAT_LIMITS.maxContent} characters.`,
    }]);
  }
  if (content === "" && attachmentIds.length === 0) {
    throw validationError([{ path: "content", message: "Write a message or attach a file." }]);
  }
  const finish = async (row: Message, duplicate: boolean, notes: Notification[] = []) => {
    const outcome: SendOutcome = {
      ack: {
        clientMsgId: row.clientMsgId,
        id: row.id,
        seq: row.seq,
        conversationId: row.conversationId,
      },
      message: await toMessageView(db.orm, row),
      duplicate,
    };
    beforeBroadcast?.(outcome);
    if (!duplicate) {
      await realtime.toConversation(row.conversationId, {
        type: "new_message",
        message: outcome.message,
      });
      await publishNotifications(bus, notes);
    }
    return outcome;
  };

  // A resend is answered before the rate limit: retrying never costs the sender a message.
  const sent = await findSent(db.orm, user.id, input.clientMsgId);
  if (sent) return await finish(sent, true);
  const now = clock.now();
  const hit = await rateLimiter.hit(MESSAGE_RATE, user.id, now);
  if (!hit.allowed) {
    throw new HttpError(
      "rate-limited",
      `You can send ${MESSAGE_RATE.limit} messages a minute. Try again in ${hit.retryAfter} s.`,
      { retryAfter: hit.retryAfter, headers: { "Retry-After": String(hit.retryAfter) } },
    );
  }
  // Presence may live in Redis: ask before the transaction, never inside it.
  const { conversation } = await requireMembership(db.orm, input.conversationId, user.id);
  const offline: string[] = [];
  if (conversation.kind !== "channel") {
    for (const id of await memberIdsOf(db.orm, conversation.id)) {
      if (id !== user.id && !await presence.isOnline(id)) offline.push(id);
    }
  }

  const result = await db.write(async (tx) => {
    const again = await findSent(tx, user.id, input.clientMsgId);
    if (again) return { row: again, duplicate: true, notes: [] };
    await requireMembership(tx, input.conversationId, user.id);
    if (input.replyTo) await assertReplyTarget(tx, input.conversationId, input.replyTo);
    if (attachmentIds.length) await assertOwnUploads(tx, attachmentIds, user.id);
    const row = await insertMessageTx(tx, {
      conversationId: input.conversationId,
      senderId: user.id,
      clientMsgId: input.clientMsgId,
      kind: "text",
      content,
      replyToId: input.replyTo ?? null,
      now,
    });
    if (attachmentIds.length) {
      await tx.insert(messageAttachments).values(
        attachmentIds.map((uploadId) => ({ messageId: row.id, uploadId })),
      );
    }
    await tx.update(conversationMembers).set({ lastReadSeq: row.seq }).where(and(
      eq(conversationMembers.conversationId, row.conversationId),
      eq(conversationMembers.userId, user.id),
    ));
    const notes: Notification[] = [];
    for (const recipient of offline) {
      const note = await notifyOffline(tx, recipient, user, row, attachmentIds.length, now);
      if (note) notes.push(note);
    }
    return { row, duplicate: false, notes };
  });
  return await finish(result.row, result.duplicate, result.notes);
}

async function assertReplyTarget(tx: Tx, conversationId: string, replyTo: string) {
  const [target] = await tx.select({ id: messages.id }).from(messages)
    .where(and(eq(messages.id, replyTo), eq(messages.conversationId, conversationId))).limit(1);
  if (!target) {
    throw validationError([{
      path: "replyTo",
      message: "Reply to a message of this conversation.",
    }]);
  }
}

async function assertOwnUploads(tx: Tx, ids: string[], ownerId: string) {
  const owned = await tx.select({ id: uploads.id }).from(uploads)
    .where(and(inArray(uploads.id, ids), eq(uploads.ownerId, ownerId)));
  const found = new Set(owned.map((u) => u.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    throw validationError(missing.map((id) => ({
      path: "attachments",
      message: `Upload ${id} does not exist or is not yours. Upload the file first.`,
    })));
  }
}

/**
 * One unread "new message" notification per conversation and recipient: a burst of messages
 * to someone offline is one entry in their inbox, not fifty.
 */
async function notifyOffline(
  tx: Tx,
  recipientId: string,
  sender: User,
  message: Message,
  attachments: number,
  now: number,
): Promise<Notification | null> {
  const link = conversationLink(message.conversationId);
  const [pending] = await tx.select({ id: notifications.id }).from(notifications).where(and(
    eq(notifications.userId, recipientId),
    eq(notifications.type, "message.received"),
    eq(notifications.link, link),
    isNull(notifications.readAt),
  )).limit(1);
  if (pending) return null;
  return await notify(tx, {
    userId: recipientId,
    type: "message.received",
    title: `New message from ${sender.displayName}`,
    body: message.content ? message.content.slice(0, 140) : `${attachments} file(s)`,
    link,
    data: { conversationId: message.conversationId, messageId: message.id },
  }, now);
}
