import { DisputeBody, DisputeView } from "@/lib/schemas/contracts.ts";
import { IdParams } from "@/lib/schemas/proposals.ts";
import { openDispute } from "@/server/contracts/disputes.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Open a dispute",
    description: "Either party, on an active contract. The contract is frozen (no milestone " +
      "actions) until an admin resolves it; the other side has 5 days to answer, then an " +
      "admin decides.",
    tags: ["disputes"],
    auth: true,
    params: IdParams,
    body: DisputeBody,
    responses: {
      201: { description: "The dispute", schema: DisputeView },
      401: { description: "Not signed in" },
      403: { description: "Admins do not open disputes" },
      404: { description: "No such contract, or not yours to see" },
      409: { description: "The contract is not active (already disputed, or finished)" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      return c.json(await openDispute(c.get("deps"), viewer.user, params.id, body), 201);
    },
  }),
});
