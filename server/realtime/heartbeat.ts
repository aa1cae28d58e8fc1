/**
 * Pings and idle checks for every socket of an instance, from one timer.
 *
 * A timer per socket (an interval for pings, a timeout for silence) costs each idle connection
 * two Timeout objects, their callbacks and the closure contexts those pin down — about a tenth of
 * an idle connection's memory — and at tens of thousands of sockets it means tens of thousands of
 * timers to run. One sweep a second visits every connection: ping it if its interval has passed
 * since the last, close it (4408) if nothing was heard for the idle timeout. Pings stay spread
 * out, since each connection's clock starts when it authenticated.
 */
import { CLOSE, type ServerFrame } from "@/lib/chat_protocol.ts";
import type { Connection } from "./connection.ts";

/** A sweep this late (ms) means the event loop lagged: frames may sit unread, so none is idle. */
const LAG_TOLERANCE_MS = 2_000;
const MAX_SWEEP_MS = 1_000;

/** What the heartbeat needs of a connection. */
export type Beating = Pick<Connection, "isClosed" | "lastHeard" | "send" | "close">;

export interface HeartbeatTimings {
  readonly pingIntervalMs: number;
  readonly idleTimeoutMs: number;
}

export class Heartbeat {
  readonly #members = new Map<Beating, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #due = 0;
  #closed = false;

  constructor(private readonly timings: HeartbeatTimings) {}

  get size(): number {
    return this.#members.size;
  }

  /** From now on `conn` is pinged on the interval and closed when silent too long. */
  add(conn: Beating): void {
    if (this.#closed) return;
    this.#members.set(conn, performance.now());
    if (this.#timer === undefined) this.#schedule();
  }

  remove(conn: Beating): void {
    this.#members.delete(conn);
    if (this.#members.size === 0) this.#stop();
  }

  close(): void {
    this.#closed = true;
    this.#members.clear();
    this.#stop();
  }

  #schedule() {
    // Short test timings sweep more often; production ones once a second.
    const { pingIntervalMs, idleTimeoutMs } = this.timings;
    const every = Math.max(10, Math.min(MAX_SWEEP_MS, pingIntervalMs / 2, idleTimeoutMs / 4));
    this.#due = performance.now() + every;
    this.#timer = setTimeout(() => this.#sweep(), every);
  }

  #stop() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #sweep() {
    const now = performance.now();
    const lagged = now - this.#due > LAG_TOLERANCE_MS;
    const { pingIntervalMs, idleTimeoutMs } = this.timings;
    let ping: { frame: ServerFrame; json: string } | undefined;
    // forEach rather than for…of: no [key, value] array per connection on every sweep, which at
    // tens of thousands of idle sockets is most of what an idle instance allocates.
    this.#members.forEach((lastPinged, conn) => {
      if (conn.isClosed) {
        this.#members.delete(conn);
        return;
      }
      if (!lagged && now - conn.lastHeard >= idleTimeoutMs) {
        conn.close(CLOSE.idle, "Heard nothing for too long.");
        return;
      }
      if (now - lastPinged >= pingIntervalMs) {
        if (!ping) {
          const frame: ServerFrame = { type: "ping", t: Date.now() };
          ping = { frame, json: JSON.stringify(frame) };
        }
        conn.send(ping.frame, ping.json);
        this.#members.set(conn, now);
      }
    });
    this.#timer = undefined;
    if (!this.#closed && this.#members.size > 0) this.#schedule();
  }
}
