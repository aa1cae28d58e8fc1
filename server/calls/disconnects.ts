/**
 * Calls whose party went away. When a connection closes, the gateway tells the call feature
 * (feature.ts), which waits a grace period — a page reload or a network blip reconnects well
 * within it, possibly to another instance — and then, if the user is offline everywhere, hangs
 * up their active calls and cancels the calls they were placing, with reason "disconnected". A ringing call whose callee dropped keeps ringing and becomes
 * missed at its timeout, as for a callee who was never online.
 *
 * The grace timers live in this instance's memory; if the instance dies first, the call stays
 * live, so `reapStaleCalls` also ends such calls when someone next tries to call either party.
 */
import type { Call } from "@/db/schema_chat.ts";
import type { Realtime } from "@/server/realtime/types.ts";
import { findCallTarget, listLiveCallsOf } from "./calls.ts";
import { type CallDeps, changeCall, endingAction } from "./lifecycle.ts";

export const DISCONNECT_GRACE_MS = 10_000;

/** Per-server grace timers, one per user (a later disconnect restarts the wait). */
export interface CallDisconnects {
  /** Read at each disconnect, so a test may shorten it on a running server. */
  settings: { graceMs: number };
  /** A connection of `userId` closed: check on their calls after the grace period. */
  userDisconnected(userId: string, deps: CallDeps, realtime: Realtime): void;
  /** Cancels the pending timers (server shutdown). */
  close(): void;
}

export function createCallDisconnects(opts: { graceMs?: number } = {}): CallDisconnects {
  const settings = { graceMs: opts.graceMs ?? DISCONNECT_GRACE_MS };
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  return {
    settings,
    userDisconnected(userId, deps, realtime) {
      clearTimeout(timers.get(userId));
      timers.set(
        userId,
        setTimeout(() => {
          timers.delete(userId);
          endCallsOfVanishedUser(deps, realtime, userId).catch((err) =>
            deps.log.error("ending the calls of a disconnected user failed", {
              error: err,
              userId,
            })
          );
        }, settings.graceMs),
      );
    },
    close() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}

/** Ends the live calls of `userId` if they are offline everywhere; returns how many ended. */
export async function endCallsOfVanishedUser(
  deps: CallDeps,
  realtime: Realtime,
  userId: string,
): Promise<number> {
  if (await realtime.isOnline(userId)) return 0;
  let ended = 0;
  for (const call of await listLiveCallsOf(deps.db.orm, [userId])) {
    if (call.status === "ringing" && call.callerId !== userId) continue;
    if (await endAsDisconnected(deps, realtime, call)) ended++;
  }
  return ended;
}

/**
 * Before `callerId` calls in `conversationId`: ends the live calls of either party that cannot
 * be going on any more — an active call with a party offline, or a call still ringing from a
 * caller who is offline.
 */
export async function reapStaleCalls(
  deps: CallDeps,
  realtime: Realtime,
  callerId: string,
  conversationId: string,
): Promise<void> {
  const target = await findCallTarget(deps.db.orm, conversationId, callerId);
  if (!target.ok) return;
  for (const call of await listLiveCallsOf(deps.db.orm, [callerId, target.calleeId])) {
    const callerGone = !(await realtime.isOnline(call.callerId));
    const stale = call.status === "ringing"
      ? callerGone
      : callerGone || !(await realtime.isOnline(call.calleeId));
    if (stale) await endAsDisconnected(deps, realtime, call);
  }
}

function endAsDisconnected(deps: CallDeps, realtime: Realtime, call: Call) {
  return changeCall(deps, realtime, {
    callId: call.id,
    action: endingAction(call, "system"),
    actor: "system",
    reason: "disconnected",
  });
}
