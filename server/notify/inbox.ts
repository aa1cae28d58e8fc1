/**
 * The notifications inbox as the API and the /notifications page use it: a page of the
 * viewer's notifications with the unread count, and marking some or all of them read. Only
 * the viewer's own rows are ever read or changed; other ids are ignored, not reported.
 */
import type { Database, Reader } from "@/db/client.ts";
import type { Notification } from "@/db/schema_social.ts";
import { type Cursor, encodeCursor } from "@/lib/schemas/social.ts";
import { countUnread, listNotifications, markRead } from "./notifications.ts";

export interface InboxItem {
  id: string;
  type: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  createdAt: number;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  unreadCount: number;
}

function toInboxItem(n: Notification): InboxItem {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    link: n.link,
    read: n.readAt !== null,
    createdAt: n.createdAt,
  };
}

export async function listInbox(
  db: Reader,
  userId: string,
  opts: { limit: number; cursor?: Cursor; unreadOnly?: boolean },
): Promise<InboxPage> {
  const rows = await listNotifications(db, userId, {
    limit: opts.limit + 1,
    after: opts.cursor,
    unreadOnly: opts.unreadOnly,
  });
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toInboxItem),
    nextCursor: rows.length > opts.limit && last
      ? encodeCursor({ t: last.createdAt, id: last.id })
      : null,
    unreadCount: await countUnread(db, userId),
  };
}

/** Marks the listed notifications of `userId` read (all of them when `ids` is omitted). */
export async function markInboxRead(
  db: Database,
  userId: string,
  ids: string[] | undefined,
  now: number,
): Promise<{ marked: number; unreadCount: number }> {
  return await db.write(async (tx) => {
    const marked = ids && ids.length === 0 ? 0 : await markRead(tx, userId, now, ids);
    return { marked, unreadCount: await countUnread(tx, userId) };
  });
}

export function toInboxJson(item: InboxItem) {
  return { ...item, createdAt: new Date(item.createdAt).toISOString() };
}
