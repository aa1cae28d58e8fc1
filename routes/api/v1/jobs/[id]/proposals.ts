import {
  IdParams,
  ProposalCreateBody,
  ProposalList,
  ProposalListQuery,
  ProposalView,
} from "@/lib/schemas/proposals.ts";
import {
  createProposal,
  listProposalsForJob,
  PROPOSAL_LIMITS,
} from "@/server/marketplace/proposals.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "The proposals on your job",
    description: "Only the job's client sees them; anyone else gets 404. Newest first.",
    tags: ["proposals"],
    auth: true,
    params: IdParams,
    query: ProposalListQuery,
    responses: {
      200: { description: "Proposals", schema: ProposalList },
      401: { description: "Not signed in" },
      404: { description: "No such job, or not yours" },
    },
    async handle(c, { params, query, viewer }) {
      const items = await listProposalsForJob(c.get("deps").db.orm, viewer.user, params.id, query);
      return c.json({ items });
    },
  }),
  POST: op({
    summary: "Apply to a job",
    description: "Workers only, on open jobs. `instant` applies at the posted budget (a fixed " +
      "job's maximum, an hourly job's minimum rate); `quote` names your amount in the job's " +
      "currency, the days you need and a cover letter, with optional files (upload ids). One " +
      "live proposal per job: withdraw it to send another.",
    tags: ["proposals"],
    auth: true,
    params: IdParams,
    body: ProposalCreateBody,
    rateLimit: PROPOSAL_LIMITS.create,
    responses: {
      201: { description: "The proposal", schema: ProposalView },
      401: { description: "Not signed in" },
      403: { description: "Not a worker account, or your own job" },
      404: { description: "No such job" },
      409: { description: "The job is not open, or you already have a live proposal on it" },
      422: { description: "Invalid fields" },
      429: { description: "Too many proposals from this address" },
    },
    async handle(c, { params, body, viewer }) {
      return c.json(await createProposal(c.get("deps"), viewer.user, params.id, body), 201);
    },
  }),
});
