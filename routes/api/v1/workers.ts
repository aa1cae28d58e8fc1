import { WorkerList, WorkerSearchQuery } from "@/lib/schemas/search.ts";
import { searchWorkers } from "@/server/marketplace/search.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Find workers",
    description: "Full-text search over profiles (ranked) with skills, rating, hourly rate, " +
      "availability and radius filters, and cursor pagination.",
    tags: ["search"],
    auth: false,
    query: WorkerSearchQuery,
    responses: {
      200: { description: "A page of workers", schema: WorkerList },
      422: { description: "Invalid filters or cursor" },
    },
    async handle(c, { query }) {
      return c.json(await searchWorkers(c.get("deps").db.orm, query));
    },
  }),
});
