import { z } from "zod";
import { SavedSearchBody, SavedSearchView } from "@/lib/schemas/search.ts";
import {
  createSavedSearch,
  listSavedSearches,
  toSavedSearchView,
} from "@/server/marketplace/saved_searches.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "Your saved job searches",
    tags: ["search"],
    auth: true,
    responses: {
      200: {
        description: "Your saved searches, oldest first",
        schema: z.object({ items: z.array(SavedSearchView) }),
      },
      401: { description: "Not signed in" },
    },
    async handle(c, { viewer }) {
      const rows = await listSavedSearches(c.get("deps").db.orm, viewer.user.id);
      return c.json({ items: rows.map(toSavedSearchView) });
    },
  }),
  POST: op({
    summary: "Save a job search",
    description: "You are notified when a new task matches it. At most 20 per user.",
    tags: ["search"],
    auth: true,
    body: SavedSearchBody,
    responses: {
      201: { description: "The saved search", schema: SavedSearchView },
      401: { description: "Not signed in" },
      409: { description: "You already have 20" },
      422: { description: "Invalid name or filters" },
    },
    async handle(c, { body, viewer }) {
      const { db, clock } = c.get("deps");
      const saved = await createSavedSearch({ db, now: clock.now() }, viewer.user.id, body);
      c.header("Location", `/api/v1/saved-searches/${saved.id}`);
      return c.json(toSavedSearchView(saved), 201);
    },
  }),
});
