import { z } from "zod";
import { AcceptProposalBody, IdParams, ProposalView } from "@/lib/schemas/proposals.ts";
import { acceptProposal } from "@/server/marketplace/proposals.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Accept a proposal (hire)",
    description: "The job's client only. In one step: the job goes in progress, every other " +
      "live proposal is declined (their workers are told), and a contract is created with a " +
      "first milestone of the proposal's amount, paid through funds held (escrow, the default) " +
      "or directly.",
    tags: ["proposals"],
    auth: true,
    params: IdParams,
    body: AcceptProposalBody,
    responses: {
      200: {
        description: "The accepted proposal and the new contract's id",
        schema: z.object({ proposal: ProposalView, contractId: z.string() }),
      },
      401: { description: "Not signed in" },
      403: { description: "You are the worker, not the job's client" },
      404: { description: "No such proposal, or not yours to see" },
      409: { description: "Not possible in the proposal's or the job's state" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      return c.json(await acceptProposal(c.get("deps"), viewer.user, params.id, body));
    },
  }),
});
