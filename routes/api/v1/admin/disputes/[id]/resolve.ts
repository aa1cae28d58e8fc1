import { DisputeResolveBody, DisputeView } from "@/lib/schemas/contracts.ts";
import { IdParams } from "@/lib/schemas/proposals.ts";
import { resolveDispute } from "@/server/contracts/disputes.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Resolve a dispute (admins)",
    description: "`release` pays the funds held for the contract's escrow milestones to the " +
      "worker, `refund` returns them to the client, `resume` moves no money. The contract is " +
      "active again, or complete when every milestone is settled. Direct milestones hold no " +
      "money and are left as they are.",
    tags: ["admin"],
    auth: true,
    params: IdParams,
    body: DisputeResolveBody,
    responses: {
      200: { description: "The resolved dispute", schema: DisputeView },
      401: { description: "Not signed in" },
      403: { description: "A party of the contract, not an admin" },
      404: { description: "No such dispute, or not yours to see" },
      409: { description: "Already resolved" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      return c.json(await resolveDispute(c.get("deps"), viewer.user, params.id, body));
    },
  }),
});
