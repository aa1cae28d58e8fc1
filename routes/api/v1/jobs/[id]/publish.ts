import { z } from "zod";
import { JobDetail } from "@/lib/schemas/jobs.ts";
import { getJobDetail, publishJob } from "@/server/marketplace/jobs.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: "Publish your draft task",
    description: "Needs a confirmed email. Workers with matching saved searches or skills are " +
      "notified.",
    tags: ["jobs"],
    auth: true,
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    responses: {
      200: { description: "The open task", schema: JobDetail },
      401: { description: "Not signed in" },
      403: { description: "Someone else's task, or your email is not confirmed" },
      404: { description: "No such task" },
      409: { description: "The task is not a draft" },
    },
    async handle(c, { params, viewer }) {
      const { db, bus, clock } = c.get("deps");
      await publishJob({ db, bus, now: clock.now() }, viewer.user, params.id);
      return c.json(await getJobDetail(db.orm, params.id, viewer.user.id));
    },
  }),
});
