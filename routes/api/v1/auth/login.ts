import { AuthResult, LoginBody } from "@/lib/schemas/auth.ts";
import { login } from "@/server/auth/accounts.ts";
import { AUTH_LIMITS } from "@/server/security/rate_limit.ts";
import { defineApi, op } from "@/server/web/api.ts";
import { accountDeps, clientMeta, respondSignedIn } from "@/server/web/auth_helpers.ts";

export const handler = defineApi({
  POST: op({
    summary: "Sign in",
    tags: ["auth"],
    auth: false,
    body: LoginBody,
    rateLimit: AUTH_LIMITS.login,
    responses: {
      200: { description: "Signed in", schema: AuthResult },
      401: { description: "Email or password is incorrect (the same answer for both)" },
      403: { description: "The account is suspended" },
      429: { description: "Too many attempts from this address" },
    },
    async handle(c, { body }) {
      return respondSignedIn(
        c,
        await login(accountDeps(c), body.email, body.password, clientMeta(c)),
      );
    },
  }),
});
