import { z } from "zod";
import { defineApi, op } from "@/server/web/api.ts";
import { PublicUser } from "@/lib/schemas/auth.ts";
import { getUserById, isActive, toPublicUser } from "@/server/auth/users.ts";
import { notFound } from "@/server/errors.ts";

export const handler = defineApi({
  GET: op({
    summary: "A user's public profile",
    tags: ["users"],
    auth: false,
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    responses: {
      200: { description: "The public profile", schema: PublicUser },
      404: { description: "No such user" },
    },
    async handle(c, { params }) {
      const user = await getUserById(c.get("deps").db.orm, params.id);
      if (!isActive(user)) throw notFound("This user");
      return c.json(toPublicUser(user));
    },
  }),
});
