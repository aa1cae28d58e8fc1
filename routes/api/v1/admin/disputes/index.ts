import { AdminDisputeListQuery, DisputeList } from "@/lib/schemas/contracts.ts";
import { listDisputes } from "@/server/contracts/disputes.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "All disputes (admins)",
    description: "Most recent activity first; filter with `status` (awaiting_admin is the queue).",
    tags: ["admin"],
    auth: true,
    query: AdminDisputeListQuery,
    responses: {
      200: { description: "Disputes", schema: DisputeList },
      401: { description: "Not signed in" },
      403: { description: "Not an admin" },
    },
    async handle(c, { query, viewer }) {
      return c.json({ items: await listDisputes(c.get("deps").db.orm, viewer.user, query) });
    },
  }),
});
