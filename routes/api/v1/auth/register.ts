import { AuthResult, RegisterBody } from "@/lib/schemas/auth.ts";
import { register } from "@/server/auth/accounts.ts";
import { AUTH_LIMITS } from "@/server/security/rate_limit.ts";
import { defineApi, op } from "@/server/web/api.ts";
import { accountDeps, clientMeta, respondSignedIn } from "@/server/web/auth_helpers.ts";
import { publicOrigin } from "@/server/web/request.ts";

export const handler = defineApi({
  POST: op({
    summary: "Create an account",
    description: "Signs the new account in (cookies and tokens) and mails a confirmation link.",
    tags: ["auth"],
    auth: false,
    body: RegisterBody,
    rateLimit: AUTH_LIMITS.register,
    responses: {
      201: { description: "Account created and signed in", schema: AuthResult },
      409: { description: "The email is already registered" },
      422: { description: "Invalid fields" },
      429: { description: "Too many sign-ups from this address" },
    },
    async handle(c, { body }) {
      const signedIn = await register(accountDeps(c), body, clientMeta(c), publicOrigin(c));
      return respondSignedIn(c, signedIn, 201);
    },
  }),
});
