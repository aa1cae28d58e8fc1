/**
 * The contract between the WebSocket gateway (server/realtime/) and the features that speak
 * through it (server/chat/, server/calls/). Features never touch sockets: they handle client
 * frames given a FrameContext, and send through `Realtime`, which reaches users and
 * conversations on whichever instance they are connected to (over the bus).
 */
import type {
  ClientFrameOf,
  ClientFrameType,
  ErrorCode,
  ServerFrame,
} from "@/lib/chat_protocol.ts";
import type { Actor } from "@/db/schema.ts";
import type { AppDeps } from "@/server/web/context.ts";

export interface Realtime {
  /** Every open connection of `userId`, on any instance. */
  toUser(userId: string, frame: ServerFrame): Promise<void>;
  /**
   * Every connection subscribed to the conversation (its members' connections), on any
   * instance; `exceptUserId` skips the sender's own connections where that makes sense.
   */
  toConversation(
    conversationId: string,
    frame: ServerFrame,
    /** receivedAt/origin: see the realtime.frame event (delivery latency metrics). */
    opts?: { exceptUserId?: string; receivedAt?: number; origin?: string },
  ): Promise<void>;
  /** Whether the user has at least one live connection anywhere. */
  isOnline(userId: string): Promise<boolean>;
}

/** One authenticated socket, as handlers see it. */
export interface ConnectionHandle {
  id: string;
  user: Actor;
  /** Sends to this socket only (e.g. an ack or an error for the frame being handled). */
  send(frame: ServerFrame): void;
  /** Subscribes this socket to a conversation's frames (after a membership check). */
  subscribe(conversationId: string): void;
  unsubscribe(conversationId: string): void;
  /**
   * Resolves once the socket's send buffer is back under the soft backpressure limit (or the
   * socket closed, or the wait ran out): a handler sending many frames (sync) paces itself
   * instead of getting its own client disconnected as a slow consumer.
   */
  whenDrained?(): Promise<void>;
}

export interface FrameContext {
  conn: ConnectionHandle;
  deps: AppDeps;
  realtime: Realtime;
}

export type FrameHandler<T extends ClientFrameType> = (
  ctx: FrameContext,
  frame: ClientFrameOf<T>,
) => Promise<void>;

/** What a feature module exports: handlers for the client frame types it owns. */
export type FrameHandlers = { [T in ClientFrameType]?: FrameHandler<T> };

/**
 * A handler throws this to answer the frame with an error frame (the socket stays open).
 * Anything else thrown is logged and answered with code "internal".
 */
export class FrameError extends Error {
  override name = "FrameError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { retryAfter?: number; ref?: string } = {},
  ) {
    super(message);
  }
}
