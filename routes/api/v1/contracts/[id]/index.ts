import { ContractView } from "@/lib/schemas/contracts.ts";
import { IdParams } from "@/lib/schemas/proposals.ts";
import { getContractView } from "@/server/contracts/contracts.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "One contract",
    description: "For its two parties (and admins): milestones with the actions you can take " +
      "now, deliveries with their files, the ledger summary (funds held, released, paid " +
      "directly; platform fee 0) and any dispute.",
    tags: ["contracts"],
    auth: true,
    params: IdParams,
    responses: {
      200: { description: "The contract", schema: ContractView },
      401: { description: "Not signed in" },
      404: { description: "No such contract, or not yours to see" },
    },
    async handle(c, { params, viewer }) {
      return c.json(await getContractView(c.get("deps").db.orm, viewer.user, params.id));
    },
  }),
});
