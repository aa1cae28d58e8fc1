import { z } from "zod";
import { PortfolioItemBody, PortfolioItemView } from "@/lib/schemas/social.ts";
import {
  createPortfolioItem,
  listPortfolio,
  toPortfolioJson,
} from "@/server/profiles/portfolio.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Your portfolio",
    tags: ["profiles"],
    auth: true,
    responses: {
      200: { description: "Your items", schema: z.object({ items: z.array(PortfolioItemView) }) },
      401: { description: "Not signed in" },
    },
    async handle(c, { viewer }) {
      const items = await listPortfolio(c.get("deps").db.orm, viewer.user.id);
      return c.json({ items: items.map(toPortfolioJson) });
    },
  }),
  POST: op({
    summary: "Add a portfolio item",
    description: "Workers only. Upload images first (POST /api/v1/uploads) and list their ids.",
    tags: ["profiles"],
    auth: true,
    body: PortfolioItemBody,
    responses: {
      201: { description: "The new item", schema: PortfolioItemView },
      401: { description: "Not signed in" },
      403: { description: "Not a worker" },
      409: { description: "The portfolio is full" },
      422: { description: "Invalid fields, or an upload that is not one of your images" },
    },
    async handle(c, { body, viewer }) {
      const { db, clock } = c.get("deps");
      const item = await db.write((tx) => createPortfolioItem(tx, viewer.user, body, clock.now()));
      return c.json(toPortfolioJson(item), 201);
    },
  }),
});
