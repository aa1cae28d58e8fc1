/**
 * Notifications: written in the transaction of the change they report, then published on the
 * bus (topic `user:<id>`) once it commits, so real-time delivery can attach to them.
 */
import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Reader, Tx } from "@/db/client.ts";
import { type Notification, notifications } from "@/db/schema_social.ts";
import type { NotificationView } from "@/lib/events.ts";
import type { Bus } from "@/server/bus/bus.ts";

export interface NotificationInput {
  userId: string;
  /** Stable machine name, e.g. "proposal.received", "milestone.funded". */
  type: string;
  title: string;
  body?: string;
  /** Where the notification leads in the web app, e.g. /contracts/<id>. */
  link?: string;
  data?: Record<string, unknown>;
}

export async function notify(tx: Tx, input: NotificationInput, now: number): Promise<Notification> {
  const [row] = await tx.insert(notifications).values({
    id: crypto.randomUUID(),
    userId: input.userId,
    type: input.type,
    title: input.title,
    body: input.body ?? "",
    link: input.link ?? null,
    data: input.data ?? {},
    createdAt: now,
  }).returning();
  return row;
}

export function toNotificationView(n: Notification): NotificationView {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    link: n.link,
    createdAt: new Date(n.createdAt).toISOString(),
  };
}

/** Call after the transaction that created `rows` has committed. */
export async function publishNotifications(bus: Bus, rows: Notification[]) {
  for (const n of rows) {
    await bus.publish(`user:${n.userId}`, {
      type: "notification.created",
      userId: n.userId,
      notification: toNotificationView(n),
    });
  }
}

/**
 * `userId`'s notifications, newest first. `after` continues a page: rows strictly older than
 * that (createdAt, id) position; `before` (a time) is the older, time-only form.
 */
export async function listNotifications(
  db: Reader,
  userId: string,
  opts: {
    limit: number;
    before?: number;
    after?: { t: number; id: string };
    unreadOnly?: boolean;
  },
) {
  return await db.select().from(notifications).where(and(
    eq(notifications.userId, userId),
    opts.before ? lt(notifications.createdAt, opts.before) : undefined,
    opts.after
      ? or(
        lt(notifications.createdAt, opts.after.t),
        and(eq(notifications.createdAt, opts.after.t), lt(notifications.id, opts.after.id)),
      )
      : undefined,
    opts.unreadOnly ? isNull(notifications.readAt) : undefined,
  )).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(opts.limit);
}

export async function countUnread(db: Reader, userId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** Marks the given notifications (or all, when `ids` is omitted) of `userId` read. */
export async function markRead(tx: Tx, userId: string, now: number, ids?: string[]) {
  const rows = await tx.update(notifications).set({ readAt: now }).where(and(
    eq(notifications.userId, userId),
    isNull(notifications.readAt),
    ids ? inArray(notifications.id, ids) : undefined,
  )).returning({ id: notifications.id });
  return rows.length;
}
