import { JobCreateBody, JobDetail, JobList } from "@/lib/schemas/jobs.ts";
import { JobSearchQuery } from "@/lib/schemas/search.ts";
import { createJob, getJobDetail, listJobsByClient } from "@/server/marketplace/jobs.ts";
import { searchJobs } from "@/server/marketplace/search.ts";
import { unauthenticated } from "@/server/errors.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Search open tasks (or list your own with mine=1)",
    description: "Full-text search (ranked) with filters and cursor pagination. With near, " +
      "on-site tasks must be within radiusKm; remote tasks are included unless remote=false.",
    tags: ["jobs"],
    auth: false,
    query: JobSearchQuery,
    responses: {
      200: { description: "A page of tasks", schema: JobList },
      401: { description: "mine=1 without signing in" },
      422: { description: "Invalid filters or cursor" },
    },
    async handle(c, { query, viewer }) {
      const { db, clock } = c.get("deps");
      if (query.mine) {
        if (!viewer) throw unauthenticated();
        return c.json(
          await listJobsByClient(db.orm, viewer.user, { limit: query.limit, cursor: query.cursor }),
        );
      }
      return c.json(
        await searchJobs(db.orm, query, { now: clock.now(), viewerId: viewer?.user.id ?? null }),
      );
    },
  }),
  POST: op({
    summary: "Post a task (as a draft, or published with publish: true)",
    description: "Clients only. Publishing needs a confirmed email; drafts do not.",
    tags: ["jobs"],
    auth: true,
    body: JobCreateBody,
    responses: {
      201: { description: "The task", schema: JobDetail },
      401: { description: "Not signed in" },
      403: { description: "Not a client, or publishing with an unconfirmed email" },
      422: { description: "Invalid fields, or an attachment that is not yours" },
    },
    async handle(c, { body, viewer }) {
      const { db, bus, clock } = c.get("deps");
      const job = await createJob({ db, bus, now: clock.now() }, viewer.user, body);
      c.header("Location", `/api/v1/jobs/${job.id}`);
      return c.json(await getJobDetail(db.orm, job.id, viewer.user.id), 201);
    },
  }),
});
