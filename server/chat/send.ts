/**
 * Sending a message — the delivery guarantee lives here. One write transaction checks
 * membership, answers a resend (same sender, same clientMsgId) with the stored message, takes
 * the next seq from the conversation row, stores the message with its attachments, moves the
 * sender's read receipt and notifies offline recipients of a DM. Only after it commits is the
 * message published, so a message anyone has seen is always in the database. Sends that arrive
 * while a write is in progress share one transaction (group commit), each with its own checks
 * and its own answer.
 */
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Reader, Tx } from "@/db/client.ts";
import type { Actor } from "@/db/schema.ts";
import {
  conversationMembers,
  conversations,
  type Message,
  messageAttachments,
  messages,
} from "@/db/schema_chat.ts";
import { uploads } from "@/db/schema_marketplace.ts";
import { type Notification, notifications } from "@/db/schema_social.ts";
import { type AttachmentRef, CHAT_LIMITS, type MessageView } from "@/lib/chat_protocol.ts";
import { HttpError, validationError } from "@/server/errors.ts";
import { notify, publishNotifications } from "@/server/notify/notifications.ts";
import type { RateLimitRule } from "@/server/security/rate_limit.ts";
import type { AppDeps } from "@/server/web/context.ts";
import { conversationNotFound } from "./members.ts";
import { type BatchQueue, createBatchQueue, type Settled } from "./send_queue.ts";
import { attachmentRefOf, messageViewOf, type ReplySource, toMessageView } from "./views.ts";

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

/** A send waiting for its batch: each keeps its own deps (its realtime carries its stamp). */
interface Pending {
  deps: ChatDeps;
  user: Actor;
  input: SendInput;
  content: string;
  attachmentIds: string[];
  beforeBroadcast?: (outcome: SendOutcome) => void;
}

export async function sendMessage(
  deps: ChatDeps,
  user: Actor,
  input: SendInput,
  /** Runs after the commit and before the broadcast: the sender's ack goes out first. */
  beforeBroadcast?: (outcome: SendOutcome) => void,
): Promise<SendOutcome> {
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
  return await sendQueueOf(deps.db)
    .push({ deps, user, input, content, attachmentIds, beforeBroadcast });
}

/**
 * Group commit: sends that arrive while a batch is being written wait and are written together,
 * in arrival order, in ONE write transaction, so the per-transaction cost (the write queue,
 * BEGIN IMMEDIATE, COMMIT) is paid per batch instead of per message. Each send still gets its
 * own checks and its own answer. One queue per database (it is the database's single writer
 * that makes batching pay); a WeakMap rather than app state keeps sendMessage's signature.
 */
const queues = new WeakMap<ChatDeps["db"], BatchQueue<Pending, SendOutcome>>();

function sendQueueOf(db: ChatDeps["db"]) {
  let queue = queues.get(db);
  if (!queue) queues.set(db, queue = createBatchQueue((items) => sendBatch(db, items)));
  return queue;
}

type Key = string;
const keyOf = (a: string, b: string): Key => `${a}\u0000${b}`;

/** What happens to one send of a batch, decided step by step. */
type Plan =
  | { kind: "error"; error: unknown }
  | { kind: "duplicate"; row: Message }
  | { kind: "write"; now: number; offline: string[] }
  | { kind: "stored"; row: Message; message: MessageView; notes: Notification[] };

async function sendBatch(db: ChatDeps["db"], items: Pending[]): Promise<Settled<SendOutcome>[]> {
  const plans: Plan[] = new Array(items.length);
  // A resend is answered before the rate limit: retrying never costs the sender a message.
  const sent = await findSentMany(db.orm, items);
  const fresh: number[] = [];
  items.forEach((item, i) => {
    const row = sent.get(keyOf(item.user.id, item.input.clientMsgId));
    if (row) plans[i] = { kind: "duplicate", row };
    else fresh.push(i);
  });
  // Rate limits and presence may live in Redis: both are asked at once, for the whole batch,
  // before the transaction and never inside it.
  const [, offline] = await Promise.all([
    Promise.all(fresh.map((i) => checkRate(items[i], plans, i))),
    findOffline(db, fresh.map((i) => items[i])).catch((error: unknown) => ({ error })),
  ]);
  for (const i of fresh) {
    const plan = plans[i];
    if (plan.kind !== "write") continue;
    if ("error" in offline) plans[i] = { kind: "error", error: offline.error };
    else plan.offline = offline.of(items[i]);
  }
  await writeBatch(
    db,
    items,
    plans,
    items.map((_, i) => i).filter((i) => plans[i].kind === "write"),
  );

  const settled: Settled<SendOutcome>[] = [];
  // In seq order: the ack, then the broadcast, then the notifications of each message.
  for (const [i, item] of items.entries()) {
    const plan = plans[i];
    try {
      if (plan.kind === "error") throw plan.error;
      if (plan.kind === "write") throw new Error("unreachable: a send left unwritten");
      const row = plan.row;
      const duplicate = plan.kind === "duplicate";
      const outcome: SendOutcome = {
        ack: {
          clientMsgId: row.clientMsgId,
          id: row.id,
          seq: row.seq,
          conversationId: row.conversationId,
        },
        message: duplicate ? await toMessageView(db.orm, row) : plan.message,
        duplicate,
      };
      item.beforeBroadcast?.(outcome);
      if (plan.kind === "stored") {
        await item.deps.realtime.toConversation(row.conversationId, {
          type: "new_message",
          message: outcome.message,
        });
        await publishNotifications(item.deps.bus, plan.notes);
      }
      settled.push({ ok: true, value: outcome });
    } catch (error) {
      settled.push({ ok: false, error });
    }
  }
  return settled;
}

async function checkRate(item: Pending, plans: Plan[], i: number) {
  const now = item.deps.clock.now();
  try {
    const hit = await item.deps.rateLimiter.hit(MESSAGE_RATE, item.user.id, now);
    plans[i] = hit.allowed ? { kind: "write", now, offline: [] } : {
      kind: "error",
      error: new HttpError(
        "rate-limited",
        `You can send ${MESSAGE_RATE.limit} messages a minute. Try again in ${hit.retryAfter} s.`,
        { retryAfter: hit.retryAfter, headers: { "Retry-After": String(hit.retryAfter) } },
      ),
    };
  } catch (error) {
    plans[i] = { kind: "error", error };
  }
}

/**
 * Who gets a notification for each send: the members of its DM or group with no open socket
 * anywhere, found with one membership query and one presence lookup for the whole batch.
 */
async function findOffline(db: ChatDeps["db"], items: Pending[]) {
  const members = new Map<string, string[]>();
  const ids = [...new Set(items.map((it) => it.input.conversationId))];
  if (ids.length > 0) {
    const rows = await db.orm.select({
      conversationId: conversationMembers.conversationId,
      userId: conversationMembers.userId,
    }).from(conversationMembers)
      .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
      .where(and(
        inArray(conversationMembers.conversationId, ids),
        ne(conversations.kind, "channel"),
      ));
    for (const r of rows) {
      members.set(r.conversationId, [...members.get(r.conversationId) ?? [], r.userId]);
    }
  }
  const everyone = [...new Set([...members.values()].flat())];
  // Every send of a batch came through this instance: one presence store answers for all.
  const presence = everyone.length ? await items[0].deps.presence.lookup(everyone) : new Map();
  return {
    of(item: Pending): string[] {
      const memberIds = members.get(item.input.conversationId) ?? [];
      // A non-member is refused inside the transaction; nobody is told about its message.
      if (!memberIds.includes(item.user.id)) return [];
      return memberIds.filter((id) => id !== item.user.id && !presence.get(id)?.online);
    },
  };
}

/**
 * Writes the sends at `indexes` in one transaction. A send refused by its checks (membership,
 * reply, uploads) gets its error and writes nothing; anything failing after a send began writing
 * rolls the whole batch back, and each send is then written alone, so one bad send never fails
 * the others.
 */
async function writeBatch(db: ChatDeps["db"], items: Pending[], plans: Plan[], indexes: number[]) {
  if (indexes.length === 0) return;
  try {
    const decided = await db.write(async (tx) => {
      const out = new Map<number, Plan>();
      const batch = indexes.map((i) => items[i]);
      const again = await findSentMany(tx, batch);
      const members = await membershipsOf(tx, batch);
      for (const i of indexes) {
        const item = items[i];
        const plan = plans[i] as Extract<Plan, { kind: "write" }>;
        const key = keyOf(item.user.id, item.input.clientMsgId);
        const existing = again.get(key);
        if (existing) {
          out.set(i, { kind: "duplicate", row: existing });
          continue;
        }
        let reply: ReplySource | undefined;
        let files: AttachmentRef[] = [];
        try {
          if (!members.has(keyOf(item.input.conversationId, item.user.id))) {
            throw conversationNotFound();
          }
          if (item.input.replyTo) {
            reply = await findReplyTarget(tx, item.input.conversationId, item.input.replyTo);
          }
          if (item.attachmentIds.length) {
            files = await findOwnUploads(tx, item.attachmentIds, item.user.id);
          }
        } catch (error) {
          out.set(i, { kind: "error", error });
          continue;
        }
        const row = await storeTx(tx, item, plan);
        // A resend of it later in this same batch answers with this row.
        again.set(key, row);
        const notes: Notification[] = [];
        for (const recipient of plan.offline) {
          const note = await notifyOffline(
            tx,
            recipient,
            item.user,
            row,
            item.attachmentIds.length,
            plan.now,
          );
          if (note) notes.push(note);
        }
        out.set(i, { kind: "stored", row, message: messageViewOf(row, reply, files, []), notes });
      }
      return out;
    });
    for (const [i, plan] of decided) plans[i] = plan;
  } catch (error) {
    if (indexes.length === 1) {
      plans[indexes[0]] = { kind: "error", error };
      return;
    }
    for (const i of indexes) await writeBatch(db, items, plans, [i]);
  }
}

/** The row, its attachments, and the sender's read position. */
async function storeTx(tx: Tx, item: Pending, plan: { now: number }): Promise<Message> {
  const row = await insertMessageTx(tx, {
    conversationId: item.input.conversationId,
    senderId: item.user.id,
    clientMsgId: item.input.clientMsgId,
    kind: "text",
    content: item.content,
    replyToId: item.input.replyTo ?? null,
    now: plan.now,
  });
  if (item.attachmentIds.length) {
    await tx.insert(messageAttachments).values(
      item.attachmentIds.map((uploadId) => ({ messageId: row.id, uploadId })),
    );
  }
  await tx.update(conversationMembers).set({ lastReadSeq: row.seq }).where(and(
    eq(conversationMembers.conversationId, row.conversationId),
    eq(conversationMembers.userId, item.user.id),
  ));
  return row;
}

/** Stored messages of these sends, by (sender, clientMsgId): one query for the batch. */
async function findSentMany(db: Reader, items: Pending[]): Promise<Map<Key, Message>> {
  const senders = [...new Set(items.map((it) => it.user.id))];
  const ids = [...new Set(items.map((it) => it.input.clientMsgId))];
  // Both columns of the unique index: an index lookup per (sender, id) pair.
  const rows = await db.select().from(messages)
    .where(and(inArray(messages.senderId, senders), inArray(messages.clientMsgId, ids)));
  return new Map(rows.map((r) => [keyOf(r.senderId, r.clientMsgId), r]));
}

/** Which (conversation, sender) pairs of the batch are memberships: one query. */
async function membershipsOf(tx: Tx, items: Pending[]): Promise<Set<Key>> {
  const rows = await tx.select({
    conversationId: conversationMembers.conversationId,
    userId: conversationMembers.userId,
  }).from(conversationMembers).where(and(
    inArray(conversationMembers.conversationId, [
      ...new Set(items.map((it) => it.input.conversationId)),
    ]),
    inArray(conversationMembers.userId, [...new Set(items.map((it) => it.user.id))]),
  ));
  return new Set(rows.map((r) => keyOf(r.conversationId, r.userId)));
}

async function findReplyTarget(
  tx: Tx,
  conversationId: string,
  replyTo: string,
): Promise<ReplySource> {
  const [target] = await tx.select({
    id: messages.id,
    senderId: messages.senderId,
    content: messages.content,
    deletedAt: messages.deletedAt,
  }).from(messages)
    .where(and(eq(messages.id, replyTo), eq(messages.conversationId, conversationId))).limit(1);
  if (!target) {
    throw validationError([{
      path: "replyTo",
      message: "Reply to a message of this conversation.",
    }]);
  }
  return target;
}

/** The uploads, in the order message views list them; each must exist and be the sender's. */
async function findOwnUploads(tx: Tx, ids: string[], ownerId: string): Promise<AttachmentRef[]> {
  const owned = await tx.select().from(uploads)
    .where(and(inArray(uploads.id, ids), eq(uploads.ownerId, ownerId)))
    .orderBy(uploads.createdAt, uploads.id);
  const found = new Set(owned.map((u) => u.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    throw validationError(missing.map((id) => ({
      path: "attachments",
      message: `Upload ${id} does not exist or is not yours. Upload the file first.`,
    })));
  }
  return owned.map(attachmentRefOf);
}

/**
 * One unread "new message" notification per conversation and recipient: a burst of messages
 * to someone offline is one entry in their inbox, not fifty.
 */
async function notifyOffline(
  tx: Tx,
  recipientId: string,
  sender: Actor,
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
