import { z } from "zod";
import { ChangePasswordBody } from "@/lib/schemas/auth.ts";
import { changePassword } from "@/server/auth/accounts.ts";
import { defineApi, op } from "@/server/web/api.ts";
import { accountDeps } from "@/server/web/auth_helpers.ts";

export const handler = defineApi({
  POST: op({
    summary: "Change your password",
    description: "Needs the current password; signs out your other sessions.",
    tags: ["auth"],
    auth: true,
    body: ChangePasswordBody,
    responses: {
      200: { description: "Password changed", schema: z.object({ ok: z.literal(true) }) },
      401: { description: "Not signed in" },
      422: { description: "Wrong current password or unacceptable new one" },
    },
    async handle(c, { body, viewer }) {
      await changePassword(
        accountDeps(c),
        viewer.user,
        viewer.sessionId,
        body.currentPassword,
        body.newPassword,
      );
      return c.json({ ok: true as const });
    },
  }),
});
