/** The gateway's timings and limits, with the protocol's values as defaults. */
import { CHAT_LIMITS } from "@/lib/chat_protocol.ts";
import { type BackpressureLimits, DEFAULT_BACKPRESSURE } from "./backpressure.ts";

/** Timings and limits; a test may change them on a running gateway before connecting. */
export interface GatewaySettings {
  authTimeoutMs: number;
  pingIntervalMs: number;
  idleTimeoutMs: number;
  maxFrameBytes: number;
  /** How long a bus topic stays subscribed after its last local socket leaves. */
  lingerMs: number;
  backpressure: BackpressureLimits;
  /** Missed messages replayed per conversation on sync before `sync_truncated`. */
  syncPageSize: number;
  /** Frames a socket may send before its authentication completes (kept, then handled). */
  maxEarlyFrames: number;
  /** A typing indicator ends this long after its last refresh. */
  typingTtlMs: number;
  /** Frames of one socket waiting for their turn; past this, new ones are refused. */
  maxPendingFrames: number;
  /** Authentications in progress at once; later sockets wait their turn (admission.ts). */
  authConcurrency: number;
}

export function defaultGatewaySettings(): GatewaySettings {
  return {
    authTimeoutMs: CHAT_LIMITS.authTimeoutSeconds * 1000,
    pingIntervalMs: CHAT_LIMITS.pingIntervalSeconds * 1000,
    idleTimeoutMs: CHAT_LIMITS.idleTimeoutSeconds * 1000,
    maxFrameBytes: CHAT_LIMITS.maxFrameBytes,
    lingerMs: 5_000,
    backpressure: { ...DEFAULT_BACKPRESSURE },
    syncPageSize: CHAT_LIMITS.syncPageSize,
    maxEarlyFrames: 32,
    typingTtlMs: CHAT_LIMITS.typingTtlSeconds * 1000,
    maxPendingFrames: 100,
    authConcurrency: 16,
  };
}
