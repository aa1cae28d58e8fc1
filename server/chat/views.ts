/**
 * Messages as clients see them (MessageView): one batch of queries for a page of messages —
 * quoted replies, attachments, reactions — never one query per message. A deleted message
 * keeps its place (seq) but shows no content, attachments or reactions.
 */
import { eq, inArray } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { type Message, messageAttachments, messageReactions, messages } from "@/db/schema_chat.ts";
import { type Upload, uploads } from "@/db/schema_marketplace.ts";
import type { AttachmentRef, MessageView, ReactionView } from "@/lib/chat_protocol.ts";

const EXCERPT_CHARS = 140;

const iso = (ms: number | null) => ms === null ? null : new Date(ms).toISOString();

export async function toMessageViews(db: Reader, rows: Message[]): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const live = rows.filter((m) => m.deletedAt === null).map((m) => m.id);
  const replyIds = [...new Set(rows.map((m) => m.replyToId).filter((id) => id !== null))];
  const [replies, files, reactions] = await Promise.all([
    replyIds.length
      ? db.select().from(messages).where(inArray(messages.id, replyIds))
      : Promise.resolve([]),
    live.length
      ? db.select({ messageId: messageAttachments.messageId, u: uploads })
        .from(messageAttachments)
        .innerJoin(uploads, eq(uploads.id, messageAttachments.uploadId))
        .where(inArray(messageAttachments.messageId, live)).orderBy(uploads.createdAt, uploads.id)
      : Promise.resolve([]),
    live.length
      ? db.select().from(messageReactions).where(inArray(messageReactions.messageId, live))
        .orderBy(messageReactions.createdAt)
      : Promise.resolve([]),
  ]);
  const replyById = new Map(replies.map((r) => [r.id, r]));
  const filesByMessage = new Map<string, AttachmentRef[]>();
  for (const { messageId, u } of files) {
    const list = filesByMessage.get(messageId) ?? [];
    list.push(attachmentRefOf(u));
    filesByMessage.set(messageId, list);
  }
  const reactionsByMessage = new Map<string, Map<string, string[]>>();
  for (const r of reactions) {
    const byEmoji = reactionsByMessage.get(r.messageId) ?? new Map<string, string[]>();
    byEmoji.set(r.emoji, [...byEmoji.get(r.emoji) ?? [], r.userId]);
    reactionsByMessage.set(r.messageId, byEmoji);
  }
  return rows.map((m) => {
    const deleted = m.deletedAt !== null;
    const reply = m.replyToId ? replyById.get(m.replyToId) : undefined;
    const reactionViews: ReactionView[] = deleted ? [] : [
      ...(reactionsByMessage.get(m.id) ?? new Map<string, string[]>()),
    ].map(([emoji, userIds]) => ({ emoji, count: userIds.length, userIds }));
    return messageViewOf(m, reply, filesByMessage.get(m.id) ?? [], reactionViews);
  });
}

/** What a view needs of an upload. */
export type UploadRefSource = Pick<Upload, "id" | "fileName" | "mime" | "size" | "kind">;

export function attachmentRefOf(u: UploadRefSource): AttachmentRef {
  return {
    id: u.id,
    fileName: u.fileName,
    mime: u.mime,
    size: u.size,
    kind: u.kind,
    url: `/files/${u.id}`,
  };
}

/** What a view needs of the message replied to. */
export type ReplySource = Pick<Message, "id" | "senderId" | "content" | "deletedAt">;

/**
 * One message's view from what is already at hand: the send path builds `new_message` from the
 * row it just inserted (and the reply and uploads it validated) instead of reading them again.
 */
export function messageViewOf(
  m: Message,
  reply: ReplySource | undefined,
  files: AttachmentRef[],
  reactions: ReactionView[],
): MessageView {
  const deleted = m.deletedAt !== null;
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    senderId: m.senderId,
    kind: m.kind,
    content: deleted ? "" : m.content,
    replyTo: reply
      ? {
        id: reply.id,
        senderId: reply.senderId,
        excerpt: reply.deletedAt === null ? reply.content.slice(0, EXCERPT_CHARS) : "",
      }
      : null,
    attachments: deleted ? [] : files,
    reactions: deleted ? [] : reactions,
    editedAt: iso(m.editedAt),
    deletedAt: iso(m.deletedAt),
    createdAt: new Date(m.createdAt).toISOString(),
  };
}

export async function toMessageView(db: Reader, row: Message): Promise<MessageView> {
  return (await toMessageViews(db, [row]))[0];
}
