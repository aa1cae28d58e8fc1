import { DisputeView } from "@/lib/schemas/contracts.ts";
import { IdParams } from "@/lib/schemas/proposals.ts";
import { getDispute } from "@/server/contracts/disputes.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "One dispute",
    description: "For the contract's parties and admins; anyone else gets 404.",
    tags: ["disputes"],
    auth: true,
    params: IdParams,
    responses: {
      200: { description: "The dispute", schema: DisputeView },
      401: { description: "Not signed in" },
      404: { description: "No such dispute, or not yours to see" },
    },
    async handle(c, { params, viewer }) {
      return c.json(await getDispute(c.get("deps").db.orm, viewer.user, params.id));
    },
  }),
});
