/**
 * The call frames of the WebSocket protocol: call:initiate, call:accept, call:reject,
 * call:end, and `signal`, which relays WebRTC offers, answers and ICE candidates — only between
 * the two parties of a call that is ringing or active, and only to the other party. Media
 * flows peer to peer; the server never sees it.
 */
import type { Call } from "@/db/schema_chat.ts";
import { CALL_LIVE } from "@/lib/lifecycles.ts";
import type { RateLimitRule } from "@/server/security/rate_limit.ts";
import { type FrameContext, FrameError, type FrameHandlers } from "@/server/realtime/types.ts";
import { getCall } from "./calls.ts";
import { changeCall, endingAction, partyRole, startCall } from "./lifecycle.ts";
import { reapStaleCalls } from "./disconnects.ts";

/**
 * Bytes of one relayed signal (JSON). An SDP offer with audio and video is a few KB; the cap
 * keeps a party from pushing large blobs through the server to the other (the frame itself is
 * capped at 64 KB by the gateway).
 */
export const MAX_SIGNAL_BYTES = 32 * 1024;

/** Calls a user may start per minute: enough for redials, too few to ring someone all day. */
export const CALL_RATE: RateLimitRule = { name: "call-initiate", limit: 10, windowMs: 60_000 };

/** The call, for one of its parties; anyone else learns nothing about it. */
async function callForParty(ctx: FrameContext, callId: string) {
  const call = await getCall(ctx.deps.db.orm, callId);
  const role = call ? partyRole(call, ctx.conn.user.id) : null;
  if (!call || !role) {
    throw new FrameError("not_found", "This call does not exist or you are not part of it.", {
      ref: callId,
    });
  }
  return { call, role };
}

function notLive(call: Call): FrameError {
  return new FrameError("conflict", `This call is already ${call.status}.`, { ref: call.id });
}

export const callFrameHandlers: FrameHandlers = {
  async "call:initiate"(ctx, frame) {
    const { deps, realtime, conn } = ctx;
    const hit = await deps.rateLimiter.hit(CALL_RATE, conn.user.id, deps.clock.now());
    if (!hit.allowed) {
      throw new FrameError(
        "rate_limited",
        `You can start ${CALL_RATE.limit} calls a minute. Try again in ${hit.retryAfter} s.`,
        { retryAfter: hit.retryAfter, ref: frame.conversationId },
      );
    }
    // A call left live by a party who vanished (an instance that died before its disconnect
    // grace ran) would make both of them busy forever: end such calls first.
    await reapStaleCalls(deps, realtime, conn.user.id, frame.conversationId);
    await startCall(deps, realtime, {
      conversationId: frame.conversationId,
      callerId: conn.user.id,
      media: frame.media,
    }, deps.config.ICE_SERVERS);
  },

  async "call:accept"(ctx, frame) {
    const { call, role } = await callForParty(ctx, frame.callId);
    if (role !== "callee") {
      throw new FrameError("forbidden", "Only the person being called can accept.", {
        ref: call.id,
      });
    }
    const done = await changeCall(ctx.deps, ctx.realtime, {
      callId: call.id,
      action: "accept",
      actor: "callee",
    });
    if (!done) throw notLive(call);
  },

  async "call:reject"(ctx, frame) {
    const { call, role } = await callForParty(ctx, frame.callId);
    if (role !== "callee") {
      throw new FrameError("forbidden", "Only the person being called can decline; hang up.", {
        ref: call.id,
      });
    }
    const done = await changeCall(ctx.deps, ctx.realtime, {
      callId: call.id,
      action: "reject",
      actor: "callee",
      reason: frame.reason?.trim() || "declined",
    });
    if (!done) throw notLive(call);
  },

  async "call:end"(ctx, frame) {
    const { call, role } = await callForParty(ctx, frame.callId);
    if (!CALL_LIVE.includes(call.status)) throw notLive(call);
    const done = await changeCall(ctx.deps, ctx.realtime, {
      callId: call.id,
      action: endingAction(call, role),
      actor: role,
    });
    if (!done) throw notLive(call);
  },

  async signal(ctx, frame) {
    const { call } = await callForParty(ctx, frame.callId).catch(() => {
      // Same answer for a non-party and an unknown call: the relay is refused.
      throw new FrameError("forbidden", "You can only signal the other party of your call.", {
        ref: frame.callId,
      });
    });
    const self = ctx.conn.user.id;
    const other = call.callerId === self ? call.calleeId : call.callerId;
    if (frame.to !== other) {
      throw new FrameError("forbidden", "You can only signal the other party of your call.", {
        ref: call.id,
      });
    }
    if (!CALL_LIVE.includes(call.status)) throw notLive(call);
    if (new TextEncoder().encode(JSON.stringify(frame.signal)).length > MAX_SIGNAL_BYTES) {
      throw new FrameError("bad_frame", `A signal may be at most ${MAX_SIGNAL_BYTES} bytes.`, {
        ref: call.id,
      });
    }
    await ctx.realtime.toUser(other, {
      type: "signal",
      callId: call.id,
      from: self,
      signalType: frame.signalType,
      signal: frame.signal,
    });
  },
};
