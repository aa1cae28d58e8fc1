/**
 * Events that travel on the bus between parts of the system (and, with Redis, between
 * instances). Add a variant here to add an event: publishers and subscribers stay type-checked.
 * Events are published after the transaction that caused them commits.
 */
import type { ServerFrame } from "./chat_protocol.ts";

export interface NotificationView {
  id: string;
  type: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
}

export type BusEvent =
  | { type: "user.registered"; userId: string; role: "client" | "worker" }
  | { type: "user.verified"; userId: string }
  | { type: "user.updated"; userId: string }
  | { type: "user.sessions_revoked"; userId: string; reason: string }
  | { type: "user.banned"; userId: string }
  | { type: "notification.created"; userId: string; notification: NotificationView }
  | { type: "job.published"; jobId: string }
  | { type: "proposal.changed"; proposalId: string; jobId: string; status: string }
  | { type: "contract.changed"; contractId: string; status: string }
  | { type: "milestone.changed"; milestoneId: string; contractId: string; status: string }
  /**
   * Membership changed (published on `user:<userId>` after commit): the gateway subscribes or
   * unsubscribes that user's live sockets, on whichever instance they are.
   */
  | { type: "conversation.joined"; conversationId: string; userId: string }
  | { type: "conversation.left"; conversationId: string; userId: string }
  /**
   * A WebSocket frame for the connections of a user or a conversation, on every instance.
   * `receivedAt` (epoch ms) and `origin` (instance id) are set when the frame answers a client
   * frame, so each instance can observe delivery latency (local or remote) when it writes it.
   */
  | {
    type: "realtime.frame";
    frame: ServerFrame;
    exceptUserId?: string;
    receivedAt?: number;
    origin?: string;
  };

export type BusEventType = BusEvent["type"];
export type BusEventOf<T extends BusEventType> = Extract<BusEvent, { type: T }>;

/** Topics group events for subscription: per user, contract or conversation, or system-wide. */
export type Topic = `user:${string}` | `contract:${string}` | `conversation:${string}` | "system";
