import { Accepted, EmailBody } from "@/lib/schemas/auth.ts";
import { forgotPassword } from "@/server/auth/accounts.ts";
import { AUTH_LIMITS } from "@/server/security/rate_limit.ts";
import { defineApi, op } from "@/server/web/api.ts";
import { accountDeps } from "@/server/web/auth_helpers.ts";
import { publicOrigin } from "@/server/web/request.ts";

export const handler = defineApi({
  POST: op({
    summary: "Mail a password reset link",
    description: "Answers the same whether or not the address has an account.",
    tags: ["auth"],
    auth: false,
    body: EmailBody,
    rateLimit: AUTH_LIMITS.passwordForgot,
    responses: {
      202: { description: "Queued if applicable", schema: Accepted },
      429: { description: "Too many requests" },
    },
    async handle(c, { body }) {
      await forgotPassword(accountDeps(c), body.email, publicOrigin(c));
      return c.json({
        ok: true as const,
        message: "If that address has an account, a reset link is on its way. It works for 1 hour.",
      }, 202);
    },
  }),
});
