import { MarkReadBody, MarkReadResult } from "@/lib/schemas/social.ts";
import { markInboxRead } from "@/server/notify/inbox.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Mark notifications read",
    description:
      "Marks the listed notifications read, or all of yours without `ids`. Ids that are not yours change nothing.",
    tags: ["notifications"],
    auth: true,
    body: MarkReadBody,
    responses: {
      200: { description: "How many were marked, and what is left unread", schema: MarkReadResult },
      401: { description: "Not signed in" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { body, viewer }) {
      const { db, clock } = c.get("deps");
      return c.json(await markInboxRead(db, viewer.user.id, body.ids, clock.now()));
    },
  }),
});
