import { z } from "zod";
import { ResetPasswordBody } from "@/lib/schemas/auth.ts";
import { resetPassword } from "@/server/auth/accounts.ts";
import { defineApi, op } from "@/server/web/api.ts";
import { accountDeps } from "@/server/web/auth_helpers.ts";

export const handler = defineApi({
  POST: op({
    summary: "Set a new password with a reset token",
    description: "Signs out every session of the account.",
    tags: ["auth"],
    auth: false,
    body: ResetPasswordBody,
    responses: {
      200: { description: "Password changed", schema: z.object({ ok: z.literal(true) }) },
      401: { description: "The token is invalid, used or expired" },
      422: { description: "The new password is not acceptable" },
    },
    async handle(c, { body }) {
      await resetPassword(accountDeps(c), body.token, body.password);
      return c.json({ ok: true as const });
    },
  }),
});
