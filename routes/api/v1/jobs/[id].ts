import { z } from "zod";
import { JobDetail, JobPatchBody } from "@/lib/schemas/jobs.ts";
import { deleteJob, getJobDetail, updateJob } from "@/server/marketplace/jobs.ts";
import { defineApi, op } from "@/server/web/api.ts";

const params = z.strictObject({ id: z.string().min(1).max(64) });

export const handler = defineApi({
  GET: op({
    summary: "A task",
    description: "Open, in-progress and completed tasks are public; drafts only their owner's.",
    tags: ["jobs"],
    auth: false,
    params,
    responses: {
      200: { description: "The task", schema: JobDetail },
      404: { description: "No such task, or not yours to see" },
    },
    async handle(c, { params, viewer }) {
      return c.json(await getJobDetail(c.get("deps").db.orm, params.id, viewer?.user.id ?? null));
    },
  }),
  PATCH: op({
    summary: "Edit your task (draft or open)",
    tags: ["jobs"],
    auth: true,
    params,
    body: JobPatchBody,
    responses: {
      200: { description: "The task", schema: JobDetail },
      401: { description: "Not signed in" },
      403: { description: "Someone else's task" },
      404: { description: "No such task" },
      409: { description: "The task is no longer draft or open" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      const { db, bus, clock } = c.get("deps");
      await updateJob({ db, bus, now: clock.now() }, viewer.user, params.id, body);
      return c.json(await getJobDetail(db.orm, params.id, viewer.user.id));
    },
  }),
  DELETE: op({
    summary: "Delete your task (draft or open)",
    description: "The task is cancelled and hidden; its history is kept. Live proposals are " +
      "declined and their workers notified.",
    tags: ["jobs"],
    auth: true,
    params,
    responses: {
      204: { description: "Deleted" },
      401: { description: "Not signed in" },
      403: { description: "Someone else's task" },
      404: { description: "No such task" },
      409: { description: "The task is no longer draft or open" },
    },
    async handle(c, { params, viewer }) {
      const { db, bus, clock } = c.get("deps");
      await deleteJob({ db, bus, now: clock.now() }, viewer.user, params.id);
      return c.body(null, 204);
    },
  }),
});
