/**
 * Calls as a feature of the WebSocket gateway: the call frame handlers, plus the disconnect
 * hook that ends a call whose party is gone for good (after a grace period, see
 * disconnects.ts). One per server, created with the gateway; `close` clears its timers.
 */
import type { RealtimeFeature } from "@/server/realtime/gateway.ts";
import { createCallDisconnects } from "./disconnects.ts";
import { callFrameHandlers } from "./frames.ts";

export interface CallFeature extends RealtimeFeature {
  /** The disconnect grace (ms); a test may shorten it on a running server. */
  settings: { graceMs: number };
}

export function createCallFeature(opts: { graceMs?: number } = {}): CallFeature {
  const disconnects = createCallDisconnects(opts);
  return {
    handlers: callFrameHandlers,
    settings: disconnects.settings,
    onDisconnect(conn, ctx) {
      // Called for every closed socket; the timer checks presence when it fires, so a user
      // with another tab still open (or back within the grace) keeps their call.
      disconnects.userDisconnected(conn.user.id, ctx.deps, ctx.realtime);
    },
    close() {
      disconnects.close();
    },
  };
}
