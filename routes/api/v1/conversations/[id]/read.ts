import { ChatIdParams, MarkConversationReadBody, ReadResult } from "@/lib/schemas/chat.ts";
import { markConversationRead } from "@/server/chat/receipts.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Mark a conversation read",
    description: "Moves your read receipt to `seq` (capped at the last message). Receipts " +
      "only move forward: an older seq changes nothing. The other members see it live.",
    tags: ["chat"],
    auth: true,
    params: ChatIdParams,
    body: MarkConversationReadBody,
    responses: {
      200: { description: "Your receipt and what is left unread", schema: ReadResult },
      401: { description: "Not signed in" },
      404: { description: "No such conversation, or you are not a member" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      return c.json(
        await markConversationRead(c.get("deps"), viewer.user, params.id, body.seq),
      );
    },
  }),
});
