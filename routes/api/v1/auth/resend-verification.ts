import { Accepted, EmailBody } from "@/lib/schemas/auth.ts";
import { resendVerification } from "@/server/auth/accounts.ts";
import { AUTH_LIMITS } from "@/server/security/rate_limit.ts";
import { defineApi, op } from "@/server/web/api.ts";
import { accountDeps } from "@/server/web/auth_helpers.ts";
import { publicOrigin } from "@/server/web/request.ts";

export const handler = defineApi({
  POST: op({
    summary: "Send the confirmation mail again",
    description: "Answers the same whether or not the address has an unconfirmed account.",
    tags: ["auth"],
    auth: false,
    body: EmailBody,
    rateLimit: AUTH_LIMITS.resendVerification,
    responses: {
      202: { description: "Queued if applicable", schema: Accepted },
      429: { description: "Too many requests" },
    },
    async handle(c, { body }) {
      await resendVerification(accountDeps(c), body.email, publicOrigin(c));
      return c.json({
        ok: true as const,
        message: "If that address has an unconfirmed account, a new link is on its way.",
      }, 202);
    },
  }),
});
