/**
 * What to do with a frame for a socket whose send buffer is not draining. A slow consumer
 * first loses the frames that only describe a passing state (typing, presence: the next one
 * corrects them), then is disconnected with a reconnect-worthy code — its missed messages come
 * back through sync — so a stuck client never grows this server's memory without bound.
 */
import { DROPPABLE_FRAMES, type ServerFrameType } from "@/lib/chat_protocol.ts";

export interface BackpressureLimits {
  /** Above this many buffered bytes, droppable frames are dropped. */
  softBytes: number;
  /** At or above this, the socket is closed (4429). */
  hardBytes: number;
  /** Staying above the soft limit this long also closes it. */
  sustainMs: number;
}

export const DEFAULT_BACKPRESSURE: BackpressureLimits = {
  softBytes: 256 * 1024,
  hardBytes: 4 * 1024 * 1024,
  sustainMs: 30_000,
};

export interface BackpressureState {
  /** When the buffer went above the soft limit (ms), or null while below it. */
  overSince: number | null;
}

export type SendDecision = "send" | "drop" | "close";

export function decideSend(
  buffered: number,
  type: ServerFrameType,
  state: BackpressureState,
  now: number,
  limits: BackpressureLimits,
): SendDecision {
  if (buffered < limits.softBytes) {
    state.overSince = null;
    return "send";
  }
  if (buffered >= limits.hardBytes) return "close";
  state.overSince ??= now;
  if (now - state.overSince >= limits.sustainMs) return "close";
  return DROPPABLE_FRAMES.has(type) ? "drop" : "send";
}
