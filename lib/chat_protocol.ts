/**
 * The WebSocket protocol of /ws, shared by the server gateway and the browser client: JSON
 * frames with a `type`. Client frames are validated with these zod schemas (strict: unknown
 * fields are refused); server frames are typed only. Error and close codes are numbered tables,
 * as in centrifuge: a client decides what to do from the code, never from the message text.
 */

/** Limits the gateway enforces. */
export const CHAT_LIMITS = {
  /** Characters of message content. */
  maxContent: 5_000,
  /** Bytes of one incoming frame; larger closes the socket with 1009. */
  maxFrameBytes: 64 * 1024,
  /** Messages a user may send per minute (across their connections). */
  messagesPerMinute: 60,
  /** Missed messages per conversation replayed on sync; past this the client pages over REST. */
  syncPageSize: 500,
  /** Seconds a new socket has to authenticate (cookie or first frame). */
  authTimeoutSeconds: 5,
  /** The server pings this often… */
  pingIntervalSeconds: 25,
  /** …and drops a client it has not heard from for this long. */
  idleTimeoutSeconds: 60,
  /** A typing indicator expires this long after its last refresh. */
  typingTtlSeconds: 5,
  /** An unanswered call becomes missed after this long. */
  callRingSeconds: 30,
  maxAttachments: 10,
} as const;

/**
 * Close codes. 4000–4499: the client should reconnect (with backoff); 4500–4999: it should
 * not (it needs the user to act: sign in again, or it was banned). 1009 and 1012 are standard.
 */
export const CLOSE = {
  /** Standard: a frame was larger than CHAT_LIMITS.maxFrameBytes. */
  tooBig: 1009,
  /** Standard: the server is restarting; reconnect (to another instance). */
  restart: 1012,
  /** No valid credentials within the auth timeout; refresh the token, then reconnect. */
  unauthenticated: 4401,
  /** Heard nothing for CHAT_LIMITS.idleTimeoutSeconds. */
  idle: 4408,
  /** The connection could not keep up (send buffer kept growing). */
  slowConsumer: 4429,
  /** The session was revoked (logout elsewhere, password change): sign in again. */
  sessionRevoked: 4501,
  /** The account is banned or deleted. */
  banned: 4503,
} as const;
export type CloseCode = typeof CLOSE[keyof typeof CLOSE];

/** Whether a client should reconnect after this close code. */
export function shouldReconnect(code: number): boolean {
  return code < 4500 || code >= 5000;
}

/** Error frame codes. */
export const ERROR_CODES = [
  "bad_frame", // not JSON, unknown type, or invalid fields
  "unauthenticated",
  "forbidden", // not a member, not your message, not a party of the call
  "not_found",
  "rate_limited", // carries retryAfter (seconds)
  "conflict", // e.g. the other party is busy, the call is not ringing
  "internal",
] as const;
export type ErrorCode = typeof ERROR_CODES[number];

// ---------------------------------------------------------------------------------------------
// Views carried by frames and by the REST API

export interface AttachmentRef {
  id: string;
  fileName: string;
  mime: string;
  size: number;
  kind: "image" | "document";
  url: string;
}

export interface ReactionView {
  emoji: string;
  count: number;
  userIds: string[];
}

export interface MessageView {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  kind: "text" | "call" | "system";
  /** Plain text. Empty when deleted. Never HTML: pages render it as text. */
  content: string;
  replyTo: { id: string; senderId: string; excerpt: string } | null;
  attachments: AttachmentRef[];
  reactions: ReactionView[];
  editedAt: string | null;
  deletedAt: string | null;
  createdAt: string;
}

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface CallView {
  id: string;
  conversationId: string;
  callerId: string;
  calleeId: string;
  media: "audio" | "video";
  status: "ringing" | "active" | "ended" | "missed" | "rejected" | "failed";
}

// ---------------------------------------------------------------------------------------------
// Client → server frames: validated by the zod union in lib/schemas/chat_frames.ts (kept out of
// this module so browser bundles that import the protocol do not carry zod).

export type { ClientFrame, ClientFrameOf, ClientFrameType } from "./schemas/chat_frames.ts";

// ---------------------------------------------------------------------------------------------
// Server → client frames

export interface ConversationCursor {
  id: string;
  lastSeq: number;
  lastReadSeq: number;
  unread: number;
}

export type ServerFrame =
  | {
    type: "authenticated";
    userId: string;
    conversations: ConversationCursor[];
    iceServers: IceServer[];
  }
  | { type: "ack"; clientMsgId: string; id: string; seq: number; conversationId: string }
  | { type: "new_message"; message: MessageView }
  | { type: "message_updated"; message: MessageView }
  | { type: "message_read"; conversationId: string; userId: string; seq: number }
  | { type: "user_typing"; conversationId: string; userId: string }
  | { type: "user_stopped_typing"; conversationId: string; userId: string }
  | { type: "user_online"; userId: string }
  | { type: "user_offline"; userId: string; lastSeen: string }
  | { type: "user_joined"; conversationId: string; userId: string }
  | { type: "user_left"; conversationId: string; userId: string }
  | {
    type: "notification";
    notification: {
      id: string;
      type: string;
      title: string;
      body: string;
      link: string | null;
      createdAt: string;
    };
  }
  /** Sync replayed the first `syncPageSize` missed messages; fetch the rest over REST. */
  | { type: "sync_truncated"; conversationId: string; deliveredThroughSeq: number; lastSeq: number }
  | { type: "sync_done" }
  /**
   * Events from other instances may have been lost (their link came back after an outage):
   * send `sync` with your cursors to fetch what was missed.
   */
  | { type: "resync" }
  | {
    type: "error";
    code: ErrorCode;
    message: string;
    retryAfter?: number;
    /** The clientMsgId or other id of the frame that failed, when there is one. */
    ref?: string;
  }
  | { type: "ping"; t: number }
  | { type: "pong"; t?: number }
  | { type: "incoming_call"; call: CallView; iceServers: IceServer[] }
  | { type: "call:ringing"; call: CallView; iceServers: IceServer[] }
  | { type: "call:accepted"; call: CallView }
  | { type: "call:rejected"; call: CallView; reason: string }
  | { type: "call:ended"; call: CallView; reason: string }
  | { type: "call:failed"; callId: string; reason: string }
  | {
    type: "signal";
    callId: string;
    from: string;
    signalType: "offer" | "answer" | "ice";
    signal: Record<string, unknown>;
  };
export type ServerFrameType = ServerFrame["type"];

/** Frames that may be dropped for a slow consumer before anything else is. */
export const DROPPABLE_FRAMES: ReadonlySet<ServerFrameType> = new Set([
  "user_typing",
  "user_stopped_typing",
  "user_online",
  "user_offline",
]);
