import { NotificationPage, NotificationsQuery } from "@/lib/schemas/social.ts";
import { listInbox, toInboxJson } from "@/server/notify/inbox.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Your notifications",
    description:
      "Newest first, with your unread count. `limit=1` is a cheap way to poll the count.",
    tags: ["notifications"],
    auth: true,
    query: NotificationsQuery,
    responses: {
      200: { description: "A page of notifications", schema: NotificationPage },
      401: { description: "Not signed in" },
      422: { description: "Invalid query" },
    },
    async handle(c, { query, viewer }) {
      const page = await listInbox(c.get("deps").db.orm, viewer.user.id, query);
      return c.json({ ...page, items: page.items.map(toInboxJson) });
    },
  }),
});
