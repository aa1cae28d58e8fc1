/**
 * Reading messages back: REST pages (newest page first, `before` a seq; or forward with
 * `after`, to catch up past a truncated sync) and the per-conversation replay of `sync`.
 * Both order by seq, which has no gaps, so "everything after my cursor" is exact.
 */
import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { messages } from "@/db/schema_chat.ts";
import type { MessageView } from "@/lib/chat_protocol.ts";
import { requireMembership } from "./members.ts";
import { toMessageViews } from "./views.ts";

export interface MessagePageView {
  conversationId: string;
  lastSeq: number;
  items: MessageView[];
  hasMore: boolean;
}

export async function listMessagePage(
  db: Reader,
  userId: string,
  conversationId: string,
  query: { before?: number; after?: number; limit: number },
): Promise<MessagePageView> {
  const { conversation } = await requireMembership(db, conversationId, userId);
  const inConversation = eq(messages.conversationId, conversationId);
  let rows;
  if (query.after !== undefined) {
    rows = await db.select().from(messages)
      .where(and(inConversation, gt(messages.seq, query.after)))
      .orderBy(asc(messages.seq)).limit(query.limit + 1);
  } else {
    rows = await db.select().from(messages)
      .where(
        and(
          inConversation,
          query.before !== undefined ? lt(messages.seq, query.before) : undefined,
        ),
      )
      .orderBy(desc(messages.seq)).limit(query.limit + 1);
  }
  const hasMore = rows.length > query.limit;
  rows = rows.slice(0, query.limit);
  if (query.after === undefined) rows.reverse();
  return {
    conversationId,
    lastSeq: conversation.lastSeq,
    items: await toMessageViews(db, rows),
    hasMore,
  };
}

/** Messages after `cursor`, in seq order, at most `limit` (the caller is a member). */
export async function listMessagesAfter(
  db: Reader,
  conversationId: string,
  cursor: number,
  limit: number,
): Promise<MessageView[]> {
  const rows = await db.select().from(messages)
    .where(and(eq(messages.conversationId, conversationId), gt(messages.seq, cursor)))
    .orderBy(asc(messages.seq)).limit(limit);
  return await toMessageViews(db, rows);
}
