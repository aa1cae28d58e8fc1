/**
 * One authenticated socket: what handlers see as a ConnectionHandle. Sending goes through the
 * backpressure policy; closing is idempotent and tells the hub at once (a slow consumer's
 * close handshake may never finish, and its registrations must not wait for it).
 */
import type { Actor } from "@/db/schema.ts";
import type { ServerFrame } from "@/lib/chat_protocol.ts";
import { CLOSE } from "@/lib/chat_protocol.ts";
import { type BackpressureLimits, type BackpressureState, decideSend } from "./backpressure.ts";
import type { RealtimeMetrics } from "./metrics.ts";
import type { ConnectionHandle } from "./types.ts";

export interface ConnectionEnv {
  metrics: RealtimeMetrics;
  backpressure: BackpressureLimits;
  subscribe(conn: Connection, conversationId: string): void;
  unsubscribe(conn: Connection, conversationId: string): void;
  /** Called once when the connection closes, whoever closes it. */
  onClose(conn: Connection, code: number): void;
}

export class Connection implements ConnectionHandle {
  readonly id = crypto.randomUUID();
  /** Conversations this socket receives frames of. */
  readonly conversations = new Set<string>();
  /** performance.now() of the last frame heard from the client. */
  lastHeard = performance.now();
  #closed = false;
  readonly #pressure: BackpressureState = { overSince: null };

  constructor(
    readonly socket: WebSocket,
    readonly user: Actor,
    readonly sessionId: string,
    readonly env: ConnectionEnv,
  ) {}

  get isClosed(): boolean {
    return this.#closed;
  }

  /**
   * `serialized`, when given, is `frame` already as JSON: a fan-out stringifies once for all its
   * sockets. Either way the backpressure policy decides.
   */
  send(frame: ServerFrame, serialized?: string): void {
    if (this.#closed || this.socket.readyState !== WebSocket.OPEN) return;
    const decision = decideSend(
      this.socket.bufferedAmount,
      frame.type,
      this.#pressure,
      performance.now(),
      this.env.backpressure,
    );
    if (decision === "drop") {
      this.env.metrics.framesDropped.inc({ type: frame.type });
      return;
    }
    if (decision === "close") {
      this.close(CLOSE.slowConsumer, "Too slow to keep up; reconnect and sync.");
      return;
    }
    this.socket.send(serialized ?? JSON.stringify(frame));
    this.env.metrics.framesOut.inc({ type: frame.type });
  }

  async whenDrained(): Promise<void> {
    const { softBytes, sustainMs } = this.env.backpressure;
    const until = performance.now() + sustainMs / 2;
    while (
      !this.#closed && this.socket.readyState === WebSocket.OPEN &&
      this.socket.bufferedAmount >= softBytes && performance.now() < until
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  subscribe(conversationId: string): void {
    if (!this.#closed) this.env.subscribe(this, conversationId);
  }

  unsubscribe(conversationId: string): void {
    this.env.unsubscribe(this, conversationId);
  }

  close(code: number, reason = ""): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.socket.close(code, reason.slice(0, 120));
    } catch {
      // Already closing or closed by the peer: nothing left to do on the socket.
    }
    this.env.onClose(this, code);
  }
}
