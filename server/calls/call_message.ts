/**
 * The message of kind "call" a finished call leaves in its conversation ("Missed video call",
 * "Video call · 3:05"), appended with the chat domain's one seq allocator (insertMessageTx)
 * inside the call's own transaction, and broadcast as new_message once it commits. The caller
 * is its sender and its clientMsgId is `call:<callId>`, so a call can never be recorded twice.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client.ts";
import { type Call, conversationMembers } from "@/db/schema_chat.ts";
import { insertMessageTx } from "@/server/chat/send.ts";
import { toMessageView } from "@/server/chat/views.ts";
import { callMessageText } from "./calls.ts";
import type { CallSender } from "./lifecycle.ts";

export interface CallMessageDelivery {
  broadcast(sender: CallSender): Promise<void>;
}

export async function recordCallMessage(
  tx: Tx,
  call: Call,
  now: number,
): Promise<CallMessageDelivery> {
  const row = await insertMessageTx(tx, {
    conversationId: call.conversationId,
    senderId: call.callerId,
    clientMsgId: `call:${call.id}`,
    kind: "call",
    content: callMessageText(call),
    now,
  });
  // Whoever took part and was caught up stays caught up: the caller, and the callee when they
  // answered or declined. A missed call stays unread for the callee.
  const sawIt = call.answeredAt !== null || call.status === "rejected"
    ? [call.callerId, call.calleeId]
    : [call.callerId];
  await tx.update(conversationMembers).set({ lastReadSeq: row.seq }).where(and(
    eq(conversationMembers.conversationId, call.conversationId),
    inArray(conversationMembers.userId, sawIt),
    eq(conversationMembers.lastReadSeq, row.seq - 1),
  ));
  const message = await toMessageView(tx, row);
  return {
    broadcast: (sender) =>
      sender.toConversation(call.conversationId, { type: "new_message", message }),
  };
}
