import { z } from "zod";
import { deleteSavedSearch } from "@/server/marketplace/saved_searches.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  DELETE: op({
    summary: "Delete one of your saved searches",
    tags: ["search"],
    auth: true,
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    responses: {
      204: { description: "Deleted" },
      401: { description: "Not signed in" },
      404: { description: "No such saved search of yours" },
    },
    async handle(c, { params, viewer }) {
      await deleteSavedSearch(c.get("deps").db, viewer.user.id, params.id);
      return c.body(null, 204);
    },
  }),
});
