import {
  ChatIdParams,
  MessagePage,
  MessagePageQuery,
  SendMessageBody,
  SendResult,
} from "@/lib/schemas/chat.ts";
import { listMessagePage } from "@/server/chat/history.ts";
import { sendMessage } from "@/server/chat/send.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Messages of a conversation",
    description: "Paged by seq. Without a cursor, the newest page; `before=<seq>` the page " +
      "before it (scrolling up); `after=<seq>` the page after it (catching up after a " +
      "`sync_truncated` frame). Items are oldest first within a page. Members only.",
    tags: ["chat"],
    auth: true,
    params: ChatIdParams,
    query: MessagePageQuery,
    responses: {
      200: { description: "A page of messages", schema: MessagePage },
      401: { description: "Not signed in" },
      404: { description: "No such conversation, or you are not a member" },
      422: { description: "Invalid query" },
    },
    async handle(c, { params, query, viewer }) {
      return c.json(
        await listMessagePage(c.get("deps").db.orm, viewer.user.id, params.id, query),
      );
    },
  }),
  POST: op({
    summary: "Send a message (HTTP fallback)",
    description: "What the `send_message` frame does, for clients without a socket: stored " +
      "with the next seq, then delivered live. Resending the same `clientMsgId` returns the " +
      "stored message (200, `duplicate: true`) and stores nothing. Content is plain text, " +
      "trimmed, 1–5,000 characters (empty only with attachments, which must be your uploads). " +
      "60 messages a minute per user, shared with the WebSocket.",
    tags: ["chat"],
    auth: true,
    params: ChatIdParams,
    body: SendMessageBody,
    responses: {
      200: { description: "Already stored (a resend)", schema: SendResult },
      201: { description: "Stored and delivered", schema: SendResult },
      401: { description: "Not signed in" },
      404: { description: "No such conversation, or you are not a member" },
      422: { description: "Invalid fields" },
      429: { description: "Over 60 messages a minute" },
    },
    async handle(c, { params, body, viewer }) {
      const outcome = await sendMessage(c.get("deps"), viewer.user, {
        ...body,
        conversationId: params.id,
      });
      return c.json(outcome, outcome.duplicate ? 200 : 201);
    },
  }),
});
