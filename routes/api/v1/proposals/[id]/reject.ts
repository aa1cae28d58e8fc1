import { EmptyBody, IdParams, ProposalView } from "@/lib/schemas/proposals.ts";
import { rejectProposal } from "@/server/marketplace/proposals.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Reject a proposal",
    description: "The job's client; the other side is notified.",
    tags: ["proposals"],
    auth: true,
    params: IdParams,
    body: EmptyBody,
    responses: {
      200: { description: "The proposal", schema: ProposalView },
      401: { description: "Not signed in" },
      403: { description: "You can see it but this is the other side's action" },
      404: { description: "No such proposal, or not yours to see" },
      409: { description: "Not possible in the proposal's state" },
    },
    async handle(c, { params, viewer }) {
      return c.json(await rejectProposal(c.get("deps"), viewer.user, params.id));
    },
  }),
});
