import { ContractList, ContractListQuery } from "@/lib/schemas/contracts.ts";
import { listContracts } from "@/server/contracts/contracts.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Your contracts",
    description: "As client or worker, most recent activity first; filter with `status`. Each " +
      "names the other party and sums up the milestones and the money (held, released, paid " +
      "directly).",
    tags: ["contracts"],
    auth: true,
    query: ContractListQuery,
    responses: {
      200: { description: "Contracts", schema: ContractList },
      401: { description: "Not signed in" },
    },
    async handle(c, { query, viewer }) {
      return c.json({ items: await listContracts(c.get("deps").db.orm, viewer.user, query) });
    },
  }),
});
