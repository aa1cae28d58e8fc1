/**
 * Pure helpers of the thread island: keeping messages in seq order without duplicates, the
 * delivery status of the viewer's own messages, and pending outbox entries shown as bubbles.
 */
import type { MessageView } from "@/lib/chat_protocol.ts";
import type { OutboxEntry } from "./chat_outbox.ts";
import type { DeliveryStatus } from "@/components/ChatMessage.tsx";

/** Inserts or replaces messages by id, keeping seq order. */
export function mergeMessages(list: MessageView[], incoming: MessageView[]): MessageView[] {
  if (!incoming.length) return list;
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** ✓ once stored, ✓✓ once another member's read position reaches it. */
export function deliveryStatus(m: MessageView, readSeqs: Record<string, number>): DeliveryStatus {
  for (const [userId, seq] of Object.entries(readSeqs)) {
    if (userId !== m.senderId && seq >= m.seq) return "read";
  }
  return "sent";
}

/** An unacknowledged message as a bubble (seq 0: it has no place in the order yet). */
export function pendingView(entry: OutboxEntry, viewerId: string): MessageView {
  return {
    id: entry.clientMsgId,
    conversationId: entry.conversationId,
    seq: 0,
    senderId: viewerId,
    kind: "text",
    content: entry.content,
    replyTo: null,
    attachments: [],
    reactions: [],
    editedAt: null,
    deletedAt: null,
    createdAt: new Date(entry.createdAt).toISOString(),
  };
}

/** The highest seq among messages others sent (what "read up to" should reach). */
export function lastSeqFromOthers(list: MessageView[], viewerId: string): number {
  let seq = 0;
  for (const m of list) if (m.senderId !== viewerId && m.seq > seq) seq = m.seq;
  return seq;
}
