import { ProposalList, ProposalListQuery } from "@/lib/schemas/proposals.ts";
import { listMyProposals } from "@/server/marketplace/proposals.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Your proposals",
    description: "The proposals you sent as a worker, newest first; filter with `status`.",
    tags: ["proposals"],
    auth: true,
    query: ProposalListQuery,
    responses: {
      200: { description: "Proposals", schema: ProposalList },
      401: { description: "Not signed in" },
    },
    async handle(c, { query, viewer }) {
      return c.json({ items: await listMyProposals(c.get("deps").db.orm, viewer.user, query) });
    },
  }),
});
