import { z } from "zod";
import { Me, VerifyEmailQuery } from "@/lib/schemas/auth.ts";
import { verifyEmail } from "@/server/auth/accounts.ts";
import { toMe } from "@/server/auth/users.ts";
import { defineApi, op } from "@/server/web/api.ts";
import { accountDeps } from "@/server/web/auth_helpers.ts";
import { publicOrigin } from "@/server/web/request.ts";

export const handler = defineApi({
  GET: op({
    summary: "Confirm an email address",
    description:
      "The token comes from the link in the confirmation mail; it works once, for 24 hours.",
    tags: ["auth"],
    auth: false,
    query: VerifyEmailQuery,
    responses: {
      200: { description: "Confirmed", schema: z.object({ verified: z.literal(true), user: Me }) },
      401: { description: "The token is invalid, used or expired" },
    },
    async handle(c, { query }) {
      const user = await verifyEmail(accountDeps(c), query.token, publicOrigin(c));
      return c.json({ verified: true as const, user: toMe(user) });
    },
  }),
});
