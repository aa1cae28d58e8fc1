import { ChatIdParams, ConversationSummary } from "@/lib/schemas/chat.ts";
import { getConversationSummary } from "@/server/chat/conversations.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "One of your conversations",
    description: "The same summary as in the list. Members only; anyone else gets 404.",
    tags: ["chat"],
    auth: true,
    params: ChatIdParams,
    responses: {
      200: { description: "The conversation", schema: ConversationSummary },
      401: { description: "Not signed in" },
      404: { description: "No such conversation, or you are not a member" },
    },
    async handle(c, { params, viewer }) {
      return c.json(await getConversationSummary(c.get("deps"), viewer.user.id, params.id));
    },
  }),
});
