import { IdParams, ReviewPage, ReviewsQuery } from "@/lib/schemas/social.ts";
import { getUserById, isActive } from "@/server/auth/users.ts";
import { notFound } from "@/server/errors.ts";
import { listReviewsOfUser } from "@/server/reviews/reviews.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Reviews of a user",
    description: "Only visible reviews: both sides reviewed, or 14 days passed since completion.",
    tags: ["reviews"],
    auth: false,
    params: IdParams,
    query: ReviewsQuery,
    responses: {
      200: { description: "A page of reviews, newest first", schema: ReviewPage },
      404: { description: "No such user" },
      422: { description: "Invalid query" },
    },
    async handle(c, { params, query }) {
      const { db, clock } = c.get("deps");
      if (!isActive(await getUserById(db.orm, params.id))) throw notFound("This user");
      const page = await listReviewsOfUser(db.orm, params.id, query, clock.now());
      return c.json({
        items: page.items.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })),
        nextCursor: page.nextCursor,
      });
    },
  }),
});
