/**
 * Reconnect delays: exponential backoff with full jitter (a uniformly random delay up to the
 * window), where the window never drops below `minSpreadMs`. Without that floor the first
 * retries of every client of a restarted instance would land in the same half second; with it
 * they are spread over at least five seconds, and later retries back off up to the cap.
 */

export interface BackoffOptions {
  /** The window of the first attempt before the floor applies (doubles each attempt). */
  baseMs: number;
  /** The largest window. */
  capMs: number;
  /** The smallest window: retries of many clients spread at least this wide. */
  minSpreadMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000, minSpreadMs: 5_000 };

/** The window (upper bound of the delay) for retry number `attempt` (0 = first retry). */
export function backoffWindow(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const exp = opts.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30);
  return Math.max(opts.minSpreadMs, Math.min(opts.capMs, exp));
}

/** A full-jitter delay in [0, window) for retry number `attempt`; `random` returns [0, 1). */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  opts: BackoffOptions = DEFAULT_BACKOFF,
): number {
  return Math.floor(random() * backoffWindow(attempt, opts));
}
