import { IdParams, ProposalView } from "@/lib/schemas/proposals.ts";
import { getProposalForViewer } from "@/server/marketplace/proposals.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "One proposal",
    description: "For its worker and the job's client; anyone else gets 404.",
    tags: ["proposals"],
    auth: true,
    params: IdParams,
    responses: {
      200: { description: "The proposal", schema: ProposalView },
      401: { description: "Not signed in" },
      404: { description: "No such proposal, or not yours to see" },
    },
    async handle(c, { params, viewer }) {
      return c.json(await getProposalForViewer(c.get("deps").db.orm, viewer.user, params.id));
    },
  }),
});
