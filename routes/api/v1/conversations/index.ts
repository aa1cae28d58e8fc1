import {
  ConversationList,
  ConversationListQuery,
  ConversationSummary,
  CreateDmBody,
} from "@/lib/schemas/chat.ts";
import { listConversationSummaries, openDirectConversation } from "@/server/chat/conversations.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Your conversations",
    description: "Direct messages, job threads and the channels you are in, most recently " +
      "active first, each with its last message, your unread count and (DMs and job threads) " +
      "both members with their presence and read receipts.",
    tags: ["chat"],
    auth: true,
    query: ConversationListQuery,
    responses: {
      200: { description: "Conversations", schema: ConversationList },
      401: { description: "Not signed in" },
      422: { description: "Invalid query" },
    },
    async handle(c, { query, viewer }) {
      const items = await listConversationSummaries(c.get("deps"), viewer.user.id, query);
      return c.json({ items });
    },
  }),
  POST: op({
    summary: "Open a direct conversation",
    description: "Finds or creates the one conversation between you and `userId` (the same " +
      "one whoever starts it). With `jobId`, the job thread instead: allowed between the " +
      "job's client and a worker with a proposal or contract on it, and shows the job's card.",
    tags: ["chat"],
    auth: true,
    body: CreateDmBody,
    responses: {
      200: { description: "The existing conversation", schema: ConversationSummary },
      201: { description: "A new conversation", schema: ConversationSummary },
      401: { description: "Not signed in" },
      403: { description: "Job threads: this worker has no proposal or contract on your job" },
      404: { description: "No such user or job" },
      422: { description: "Invalid fields (or yourself)" },
    },
    async handle(c, { body, viewer }) {
      const { summary, created } = await openDirectConversation(
        c.get("deps"),
        viewer.user,
        body,
      );
      return c.json(summary, created ? 201 : 200);
    },
  }),
});
