import { IdParams, PublicProfile } from "@/lib/schemas/social.ts";
import { notFound } from "@/server/errors.ts";
import { getPublicProfile, toPublicProfileJson } from "@/server/profiles/profile.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "A user's public profile with reputation",
    description:
      "Workers: rating, job success, response time, score, portfolio, certifications and work history. Clients: jobs posted, hire rate, total paid, payment reliability and rating. The formulas are on /about/reputation.",
    tags: ["users"],
    auth: false,
    params: IdParams,
    responses: {
      200: { description: "The profile", schema: PublicProfile },
      404: { description: "No such user" },
    },
    async handle(c, { params }) {
      const { db, clock } = c.get("deps");
      const profile = await getPublicProfile(db.orm, params.id, clock.now());
      if (!profile) throw notFound("This user");
      return c.json(toPublicProfileJson(profile));
    },
  }),
});
