/**
 * Calls as data: reading calls and the conversation a call may start in, the live calls of a
 * user (ringing or active — what makes them busy), the view sent in frames, and the words a
 * finished call leaves in its conversation. State changes go through lifecycle.ts.
 */
import { and, eq, inArray, or } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { users } from "@/db/schema.ts";
import { type Call, calls, conversationMembers, conversations } from "@/db/schema_chat.ts";
import type { CallView } from "@/lib/chat_protocol.ts";
import { CALL_LIVE } from "@/lib/lifecycles.ts";

export function toCallView(c: Call): CallView {
  return {
    id: c.id,
    conversationId: c.conversationId,
    callerId: c.callerId,
    calleeId: c.calleeId,
    media: c.media,
    status: c.status,
  };
}

export async function getCall(db: Reader, callId: string): Promise<Call | undefined> {
  const [row] = await db.select().from(calls).where(eq(calls.id, callId)).limit(1);
  return row;
}

/** The ringing or active calls `userIds` take part in (as caller or callee). */
export async function listLiveCallsOf(db: Reader, userIds: string[]): Promise<Call[]> {
  return await db.select().from(calls).where(and(
    inArray(calls.status, [...CALL_LIVE]),
    or(inArray(calls.callerId, userIds), inArray(calls.calleeId, userIds)),
  ));
}

export type CallTarget =
  | { ok: true; calleeId: string; calleeName: string }
  | { ok: false; reason: "not_found" | "channel" | "not_two" };

/**
 * Who `userId` would call in the conversation: the one other member of a DM or job thread.
 * Non-members learn nothing (not_found); channels and anything without exactly one other
 * member cannot be called.
 */
export async function findCallTarget(
  db: Reader,
  conversationId: string,
  userId: string,
): Promise<CallTarget> {
  const [conv] = await db.select({ kind: conversations.kind }).from(conversations)
    .where(eq(conversations.id, conversationId)).limit(1);
  if (!conv) return { ok: false, reason: "not_found" };
  const members = await db.select({
    userId: conversationMembers.userId,
    displayName: users.displayName,
    status: users.status,
  }).from(conversationMembers).innerJoin(users, eq(users.id, conversationMembers.userId))
    .where(eq(conversationMembers.conversationId, conversationId));
  if (!members.some((m) => m.userId === userId)) return { ok: false, reason: "not_found" };
  if (conv.kind === "channel") return { ok: false, reason: "channel" };
  const others = members.filter((m) => m.userId !== userId && m.status === "active");
  if (members.length !== 2 || others.length !== 1) return { ok: false, reason: "not_two" };
  return { ok: true, calleeId: others[0].userId, calleeName: others[0].displayName };
}

export async function getDisplayName(db: Reader, userId: string): Promise<string> {
  const [row] = await db.select({ name: users.displayName }).from(users)
    .where(eq(users.id, userId)).limit(1);
  return row?.name ?? "someone";
}

/** "1:05", "12:00", "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/**
 * The text of the call message a finished call leaves in its conversation (plain text, like
 * every message; the page shows kind "call" messages with an icon).
 */
export function callMessageText(c: Call): string {
  const what = c.media === "video" ? "video call" : "audio call";
  const What = what[0].toUpperCase() + what.slice(1);
  switch (c.status) {
    case "missed":
      return `Missed ${what}`;
    case "rejected":
      return `Declined ${what}`;
    case "failed":
      return c.endReason === "busy" ? `Missed ${what} (busy)` : `${What} failed`;
    case "ended":
      return c.answeredAt !== null && c.endedAt !== null
        ? `${What} · ${formatDuration(c.endedAt - c.answeredAt)}`
        : `Cancelled ${what}`;
    default:
      return What;
  }
}
