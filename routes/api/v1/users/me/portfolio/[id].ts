import { IdParams, PortfolioItemPatch, PortfolioItemView } from "@/lib/schemas/social.ts";
import {
  deletePortfolioItem,
  getOwnPortfolioItem,
  toPortfolioJson,
  updatePortfolioItem,
} from "@/server/profiles/portfolio.ts";
import { defineApi, op } from "@/server/web/api.ts";

const NOT_YOURS = "No such item among yours";

export const handler = defineApi({
  GET: op({
    summary: "One of your portfolio items",
    tags: ["profiles"],
    auth: true,
    params: IdParams,
    responses: {
      200: { description: "The item", schema: PortfolioItemView },
      401: { description: "Not signed in" },
      404: { description: NOT_YOURS },
    },
    async handle(c, { params, viewer }) {
      const item = await getOwnPortfolioItem(c.get("deps").db.orm, viewer.user.id, params.id);
      return c.json(toPortfolioJson(item));
    },
  }),
  PATCH: op({
    summary: "Change a portfolio item",
    description:
      "Send only what changes; `uploadIds` replaces the images, `link: null` removes it.",
    tags: ["profiles"],
    auth: true,
    params: IdParams,
    body: PortfolioItemPatch,
    responses: {
      200: { description: "The item", schema: PortfolioItemView },
      401: { description: "Not signed in" },
      403: { description: "Not a worker" },
      404: { description: NOT_YOURS },
      422: { description: "Invalid fields" },
    },
    async handle(c, { params, body, viewer }) {
      const { db, clock } = c.get("deps");
      const item = await db.write((tx) =>
        updatePortfolioItem(tx, viewer.user, params.id, body, clock.now())
      );
      return c.json(toPortfolioJson(item));
    },
  }),
  DELETE: op({
    summary: "Delete a portfolio item",
    description: "The uploaded images stay yours; they are only no longer shown.",
    tags: ["profiles"],
    auth: true,
    params: IdParams,
    responses: {
      204: { description: "Deleted" },
      401: { description: "Not signed in" },
      403: { description: "Not a worker" },
      404: { description: NOT_YOURS },
    },
    async handle(c, { params, viewer }) {
      await c.get("deps").db.write((tx) => deletePortfolioItem(tx, viewer.user, params.id));
      return c.body(null, 204);
    },
  }),
});
