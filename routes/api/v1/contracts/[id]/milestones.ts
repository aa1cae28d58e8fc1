import { MilestoneCreateBody, MilestoneView } from "@/lib/schemas/contracts.ts";
import { IdParams } from "@/lib/schemas/proposals.ts";
import { addMilestone } from "@/server/contracts/milestones.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Add a milestone",
    description: "The client, on an active contract: a title, an amount in the contract's " +
      "currency, an optional due date and how it is paid (escrow: funds held first; direct).",
    tags: ["milestones"],
    auth: true,
    params: IdParams,
    body: MilestoneCreateBody,
    responses: {
      201: { description: "The new milestone", schema: MilestoneView },
      401: { description: "Not signed in" },
      403: { description: "You are the worker" },
      404: { description: "No such contract, or not yours to see" },
      409: { description: "The contract is disputed or finished" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      return c.json(await addMilestone(c.get("deps"), viewer.user, params.id, body), 201);
    },
  }),
});
