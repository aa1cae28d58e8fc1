import { z } from "zod";
import { CreatedReview, IdParams, ReviewBody } from "@/lib/schemas/social.ts";
import { createReview, getContractReviewState } from "@/server/reviews/reviews.ts";
import { defineApi, op } from "@/server/web/api.ts";

const iso = (ms: number | null) => ms === null ? null : new Date(ms).toISOString();

const ReviewOfContract = z.object({
  id: z.string(),
  rating: z.int(),
  body: z.string(),
  createdAt: z.string(),
});

const ReviewState = z.object({
  canReview: z.boolean(),
  mine: ReviewOfContract.nullable(),
  theirs: ReviewOfContract.nullable().describe("Only once visible"),
  theirsSubmitted: z.boolean(),
  revealAt: z.string().nullable(),
}).meta({ id: "ContractReviewState" });

const view = (r: { id: string; rating: number; body: string; createdAt: number } | null) =>
  r && { id: r.id, rating: r.rating, body: r.body, createdAt: iso(r.createdAt) };

export const handler = defineApi({
  GET: op({
    summary: "The reviews of a contract, as one of its parties sees them",
    tags: ["reviews"],
    auth: true,
    params: IdParams,
    responses: {
      200: { description: "Your review, and theirs once visible", schema: ReviewState },
      401: { description: "Not signed in" },
      404: { description: "No such contract, or not yours" },
    },
    async handle(c, { params, viewer }) {
      const { db, clock } = c.get("deps");
      const s = await getContractReviewState(db.orm, params.id, viewer.user.id, clock.now());
      return c.json({
        canReview: s.canReview,
        mine: view(s.mine),
        theirs: view(s.theirs),
        theirsSubmitted: s.theirsSubmitted,
        revealAt: iso(s.revealAt),
      });
    },
  }),
  POST: op({
    summary: "Review the other party of a completed contract",
    description:
      "Once per party, after completion. Both reviews become visible when both are in, or 14 days after completion.",
    tags: ["reviews"],
    auth: true,
    params: IdParams,
    body: ReviewBody,
    responses: {
      201: { description: "Your review", schema: CreatedReview },
      401: { description: "Not signed in" },
      404: { description: "No such contract, or not yours" },
      409: { description: "Not completed yet, or already reviewed" },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      const { review, visible, visibleFrom } = await createReview(
        c.get("deps"),
        viewer.user.id,
        params.id,
        body,
      );
      return c.json({
        id: review.id,
        rating: review.rating,
        body: review.body,
        createdAt: iso(review.createdAt),
        visible,
        visibleFrom: iso(visibleFrom),
      }, 201);
    },
  }),
});
