/**
 * The ring timeout, run from the durable job queue (so it survives restarts): a call still
 * ringing CHAT_LIMITS.callRingSeconds after it started becomes missed — both parties get
 * call:ended {reason: "missed"}, the conversation gets a call message and the callee a
 * notification. A call answered, declined or cancelled in the meantime is left alone.
 */
import type { Bus } from "@/server/bus/bus.ts";
import type { JobContext, JobHandlers } from "@/server/jobs/worker.ts";
import { type CallSender, changeCall } from "./lifecycle.ts";

/**
 * Jobs run outside any connection, so they reach users through the bus directly: the
 * `realtime.frame` events every instance's gateway forwards to its sockets (lib/events.ts).
 */
export function busCallSender(bus: Bus): CallSender {
  return {
    toUser: (userId, frame) => bus.publish(`user:${userId}`, { type: "realtime.frame", frame }),
    toConversation: (conversationId, frame, opts) =>
      bus.publish(`conversation:${conversationId}`, {
        type: "realtime.frame",
        frame,
        ...(opts?.exceptUserId ? { exceptUserId: opts.exceptUserId } : {}),
      }),
  };
}

export function callJobHandlers(ctx: JobContext): Pick<JobHandlers, "call.ring_timeout"> {
  const sender = busCallSender(ctx.bus);
  return {
    async "call.ring_timeout"({ callId }) {
      const missed = await changeCall(ctx, sender, {
        callId,
        action: "miss",
        actor: "system",
        reason: "missed",
      });
      if (missed) ctx.log.info("call missed", { callId });
    },
  };
}
