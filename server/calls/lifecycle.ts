/**
 * Every change of a call's state, in one place: start (ringing, or failed when the callee is
 * busy), accept, and the endings (rejected, cancelled, hung up, missed, disconnected). Each
 * runs in one write transaction — the state change, the call message a finished call leaves in
 * its conversation, the missed-call notification, the ring timeout job — and tells the two
 * parties only after it commits (store before broadcast). Legal moves come from the CALL
 * machine in lib/lifecycles.ts.
 */
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client.ts";
import type { Notification } from "@/db/schema_social.ts";
import { type Call, calls } from "@/db/schema_chat.ts";
import { CHAT_LIMITS, type IceServer, type ServerFrame } from "@/lib/chat_protocol.ts";
import { type Actor, CALL, type CallAction } from "@/lib/lifecycles.ts";
import { HttpError } from "@/server/errors.ts";
import { enqueue } from "@/server/jobs/queue.ts";
import { transition } from "@/server/lifecycle.ts";
import { notify, publishNotifications } from "@/server/notify/notifications.ts";
import { FrameError, type Realtime } from "@/server/realtime/types.ts";
import type { JobContext } from "@/server/jobs/worker.ts";
import { type CallMessageDelivery, recordCallMessage } from "./call_message.ts";
import { findCallTarget, getCall, getDisplayName, listLiveCallsOf, toCallView } from "./calls.ts";

/** What call changes need: the job context is enough (the ring timeout runs there too). */
export type CallDeps = Pick<JobContext, "db" | "bus" | "clock" | "log">;
/** How call changes reach the parties (the gateway's Realtime, or the bus-only one in jobs). */
export type CallSender = Pick<Realtime, "toUser" | "toConversation">;

/** What a committed change still has to send. */
interface Outbox {
  frames: { userId: string; frame: ServerFrame }[];
  message: CallMessageDelivery | null;
  notifications: Notification[];
}

async function deliver(deps: CallDeps, sender: CallSender, out: Outbox) {
  for (const { userId, frame } of out.frames) await sender.toUser(userId, frame);
  if (out.message) await out.message.broadcast(sender);
  await publishNotifications(deps.bus, out.notifications);
}

const MEDIA_WORD = { audio: "call", video: "video call" } as const;

export type StartResult = { outcome: "ringing"; call: Call } | { outcome: "busy"; call: Call };

/**
 * `callerId` calls the other member of the conversation. Fails (FrameError) for non-members
 * (not_found: they learn nothing), channels and group conversations, and a caller already in a
 * live call. A callee in a live call makes the call fail as busy — recorded, not rung.
 */
export async function startCall(
  deps: CallDeps,
  sender: CallSender,
  input: { conversationId: string; callerId: string; media: "audio" | "video" },
  iceServers: IceServer[],
): Promise<StartResult> {
  const now = deps.clock.now();
  const out: Outbox = { frames: [], message: null, notifications: [] };
  const result = await deps.db.write(async (tx): Promise<StartResult> => {
    const target = await findCallTarget(tx, input.conversationId, input.callerId);
    if (!target.ok) throw targetError(target.reason, input.conversationId);
    // Checked inside the write transaction (BEGIN IMMEDIATE): two people calling the same
    // callee at once are serialised, so only one of them rings.
    const live = await listLiveCallsOf(tx, [input.callerId, target.calleeId]);
    if (live.some((c) => c.callerId === input.callerId || c.calleeId === input.callerId)) {
      throw new FrameError(
        "conflict",
        "You are already in a call. End it before starting another.",
        { ref: input.conversationId },
      );
    }
    const busy = live.length > 0;
    const [call] = await tx.insert(calls).values({
      id: crypto.randomUUID(),
      conversationId: input.conversationId,
      callerId: input.callerId,
      calleeId: target.calleeId,
      media: input.media,
      status: busy ? transition(CALL, "ringing", "fail", "system") : "ringing",
      endReason: busy ? "busy" : null,
      createdAt: now,
      endedAt: busy ? now : null,
    }).returning();
    if (busy) {
      out.message = await recordCallMessage(tx, call, now);
      out.frames.push({
        userId: call.callerId,
        frame: { type: "call:failed", callId: call.id, reason: "busy" },
      });
      return { outcome: "busy", call };
    }
    await enqueue(tx, "call.ring_timeout", { callId: call.id }, {
      now,
      runAt: now + CHAT_LIMITS.callRingSeconds * 1000,
    });
    const view = toCallView(call);
    out.frames.push(
      { userId: call.callerId, frame: { type: "call:ringing", call: view, iceServers } },
      { userId: call.calleeId, frame: { type: "incoming_call", call: view, iceServers } },
    );
    return { outcome: "ringing", call };
  });
  await deliver(deps, sender, out);
  return result;
}

/** Errors for call:initiate carry the conversation id as `ref`, so the client can match them. */
function targetError(reason: "not_found" | "channel" | "not_two", ref: string): FrameError {
  switch (reason) {
    case "not_found":
      return new FrameError(
        "not_found",
        "This conversation does not exist or you cannot see it.",
        { ref },
      );
    case "channel":
      return new FrameError(
        "forbidden",
        "Channels cannot be called. Call someone from your direct messages with them.",
        { ref },
      );
    case "not_two":
      return new FrameError(
        "forbidden",
        "Calls are one to one: this conversation does not have exactly one other person.",
        { ref },
      );
  }
}

export interface ChangeInput {
  callId: string;
  action: CallAction;
  actor: Actor;
  /** Why it ended, sent in call:ended / call:rejected and kept as the call's end_reason. */
  reason?: string;
}

/**
 * Applies `action` to the call. Returns the updated call, or null when the call is not in a
 * state the action applies to (already over: a timeout racing a hang-up is harmless).
 */
export async function changeCall(
  deps: CallDeps,
  sender: CallSender,
  input: ChangeInput,
): Promise<Call | null> {
  const now = deps.clock.now();
  const out: Outbox = { frames: [], message: null, notifications: [] };
  const updated = await deps.db.write(async (tx) => {
    const call = await getCall(tx, input.callId);
    if (!call) return null;
    let next: Call["status"];
    try {
      next = transition(CALL, call.status, input.action, input.actor);
    } catch (err) {
      if (err instanceof HttpError) return null;
      throw err;
    }
    const reason = input.reason ?? defaultReason(input.action);
    const [row] = await tx.update(calls).set({
      status: next,
      answeredAt: input.action === "accept" ? now : call.answeredAt,
      endedAt: next === "active" ? null : now,
      endReason: next === "active" ? null : reason,
    }).where(and(eq(calls.id, call.id), eq(calls.status, call.status))).returning();
    await collect(tx, row, reason, now, out);
    return row;
  });
  if (updated) await deliver(deps, sender, out);
  return updated;
}

function defaultReason(action: CallAction): string {
  switch (action) {
    case "reject":
      return "declined";
    case "cancel":
      return "cancelled";
    case "miss":
      return "missed";
    default:
      return "hangup";
  }
}

/** The frames, call message and notification that follow a committed change. */
async function collect(tx: Tx, call: Call, reason: string, now: number, out: Outbox) {
  const view = toCallView(call);
  const both = (frame: ServerFrame) =>
    out.frames.push({ userId: call.callerId, frame }, { userId: call.calleeId, frame });
  if (call.status === "active") {
    both({ type: "call:accepted", call: view });
    return;
  }
  if (call.status === "rejected") both({ type: "call:rejected", call: view, reason });
  else both({ type: "call:ended", call: view, reason });
  out.message = await recordCallMessage(tx, call, now);
  if (call.status === "missed") {
    const caller = await getDisplayName(tx, call.callerId);
    out.notifications.push(
      await notify(tx, {
        userId: call.calleeId,
        type: "call.missed",
        title: `Missed ${MEDIA_WORD[call.media]} from ${caller}`,
        body: "Call them back from your messages.",
        link: `/messages/${call.conversationId}`,
        data: { callId: call.id, conversationId: call.conversationId },
      }, now),
    );
  }
}

/** The action that ends `call` for `actor` whatever its live state (hang up, or stop ringing). */
export function endingAction(call: Call, actor: Actor): CallAction {
  if (call.status === "active") return "hang_up";
  return actor === "callee" ? "reject" : "cancel";
}

/** The role `userId` plays in the call, or null when they are not a party. */
export function partyRole(call: Call, userId: string): "caller" | "callee" | null {
  if (call.callerId === userId) return "caller";
  if (call.calleeId === userId) return "callee";
  return null;
}
