/**
 * Changing a stored message: edit and delete (your own only), and reactions (any member).
 * Every change is broadcast as `message_updated` with the whole new view, after the commit.
 * A deleted message keeps its seq (so cursors and sync stay gapless) but loses its content,
 * files and reactions for good.
 */
import { and, count, eq } from "drizzle-orm";
import type { Tx } from "@/db/client.ts";
import type { Actor } from "@/db/schema.ts";
import { type Message, messageAttachments, messageReactions, messages } from "@/db/schema_chat.ts";
import { CHAT_LIMITS, type MessageView } from "@/lib/chat_protocol.ts";
import { forbidden, HttpError, notFound, validationError } from "@/server/errors.ts";
import { findMembership } from "./members.ts";
import type { ChatDeps } from "./send.ts";
import { toMessageView } from "./views.ts";

const MAX_REACTIONS_PER_USER = 20;

const messageNotFound = () => notFound("This message");

/** The message, if `userId` is a member of its conversation (else 404, like a missing one). */
async function requireVisibleMessage(tx: Tx, messageId: string, userId: string): Promise<Message> {
  const [row] = await tx.select().from(messages).where(eq(messages.id, messageId)).limit(1);
  if (!row || !await findMembership(tx, row.conversationId, userId)) throw messageNotFound();
  return row;
}

function requireOwnLiveText(row: Message, userId: string, verb: string) {
  if (row.senderId !== userId) throw forbidden(`You can only ${verb} your own messages.`);
  if (row.kind !== "text") throw forbidden(`Call and system messages cannot be ${verb}ed.`);
}

async function publishUpdate(deps: ChatDeps, row: Message): Promise<MessageView> {
  const view = await toMessageView(deps.db.orm, row);
  await deps.realtime.toConversation(row.conversationId, {
    type: "message_updated",
    message: view,
  });
  return view;
}

export async function editMessage(
  deps: ChatDeps,
  user: Actor,
  messageId: string,
  rawContent: string,
): Promise<MessageView> {
  const content = rawContent.trim();
  if (content === "" || content.length > CHAT_LIMITS.maxContent) {
    throw validationError([{
      path: "content",
      message: `A message has 1–${CHAT_LIMITS.maxContent} characters.`,
    }]);
  }
  const now = deps.clock.now();
  const row = await deps.db.write(async (tx) => {
    const row = await requireVisibleMessage(tx, messageId, user.id);
    requireOwnLiveText(row, user.id, "edit");
    if (row.deletedAt !== null) throw new HttpError("conflict", "This message was deleted.");
    if (row.content === content) return null;
    const [updated] = await tx.update(messages).set({ content, editedAt: now })
      .where(eq(messages.id, row.id)).returning();
    return updated;
  });
  if (!row) {
    return await toMessageView(deps.db.orm, (await getMessage(deps, messageId))!);
  }
  return await publishUpdate(deps, row);
}

export async function deleteMessage(
  deps: ChatDeps,
  user: Actor,
  messageId: string,
): Promise<MessageView> {
  const now = deps.clock.now();
  const result = await deps.db.write(async (tx) => {
    const row = await requireVisibleMessage(tx, messageId, user.id);
    requireOwnLiveText(row, user.id, "delete");
    if (row.deletedAt !== null) return { row, changed: false };
    await tx.delete(messageAttachments).where(eq(messageAttachments.messageId, row.id));
    await tx.delete(messageReactions).where(eq(messageReactions.messageId, row.id));
    const [updated] = await tx.update(messages).set({ content: "", deletedAt: now })
      .where(eq(messages.id, row.id)).returning();
    return { row: updated, changed: true };
  });
  return result.changed
    ? await publishUpdate(deps, result.row)
    : await toMessageView(deps.db.orm, result.row);
}

/** Adds or removes `emoji` from `user` on a message; without `remove`, toggles it. */
export async function reactToMessage(
  deps: ChatDeps,
  user: Actor,
  input: { messageId: string; emoji: string; remove?: boolean },
): Promise<MessageView> {
  const now = deps.clock.now();
  const result = await deps.db.write(async (tx) => {
    const row = await requireVisibleMessage(tx, input.messageId, user.id);
    if (row.deletedAt !== null) throw new HttpError("conflict", "This message was deleted.");
    const mine = and(
      eq(messageReactions.messageId, row.id),
      eq(messageReactions.userId, user.id),
    );
    const [existing] = await tx.select().from(messageReactions)
      .where(and(mine, eq(messageReactions.emoji, input.emoji))).limit(1);
    const remove = input.remove ?? existing !== undefined;
    if (remove) {
      if (!existing) return { row, changed: false };
      await tx.delete(messageReactions).where(and(mine, eq(messageReactions.emoji, input.emoji)));
      return { row, changed: true };
    }
    if (existing) return { row, changed: false };
    const [{ n }] = await tx.select({ n: count() }).from(messageReactions).where(mine);
    if (n >= MAX_REACTIONS_PER_USER) {
      throw new HttpError("conflict", `At most ${MAX_REACTIONS_PER_USER} reactions per message.`);
    }
    await tx.insert(messageReactions).values({
      messageId: row.id,
      userId: user.id,
      emoji: input.emoji,
      createdAt: now,
    });
    return { row, changed: true };
  });
  return result.changed
    ? await publishUpdate(deps, result.row)
    : await toMessageView(deps.db.orm, result.row);
}

async function getMessage(deps: ChatDeps, id: string) {
  const [row] = await deps.db.orm.select().from(messages).where(eq(messages.id, id)).limit(1);
  return row;
}
