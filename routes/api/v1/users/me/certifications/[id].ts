import { IdParams } from "@/lib/schemas/social.ts";
import { deleteCertification } from "@/server/profiles/certifications.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  DELETE: op({
    summary: "Delete a certification",
    tags: ["profiles"],
    auth: true,
    params: IdParams,
    responses: {
      204: { description: "Deleted" },
      401: { description: "Not signed in" },
      404: { description: "No such certification among yours" },
    },
    async handle(c, { params, viewer }) {
      await c.get("deps").db.write((tx) => deleteCertification(tx, viewer.user, params.id));
      return c.body(null, 204);
    },
  }),
});
