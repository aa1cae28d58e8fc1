import { DisputeAnswerBody, DisputeView } from "@/lib/schemas/contracts.ts";
import { IdParams } from "@/lib/schemas/proposals.ts";
import { answerDispute } from "@/server/contracts/disputes.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Answer a dispute",
    description: "The party who did not open it gives their side, once, before an admin decides.",
    tags: ["disputes"],
    auth: true,
    params: IdParams,
    body: DisputeAnswerBody,
    responses: {
      200: { description: "The dispute", schema: DisputeView },
      401: { description: "Not signed in" },
      403: { description: "You opened it (the other side answers), or you are an admin" },
      404: { description: "No such dispute, or not yours to see" },
      409: { description: "Already answered, escalated or resolved" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      return c.json(await answerDispute(c.get("deps"), viewer.user, params.id, body));
    },
  }),
});
