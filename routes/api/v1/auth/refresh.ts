import { AuthResult, RefreshBody } from "@/lib/schemas/auth.ts";
import { rotateRefreshToken } from "@/server/auth/sessions.ts";
import { HttpError } from "@/server/errors.ts";
import { defineApi, op } from "@/server/web/api.ts";
import { respondSignedIn } from "@/server/web/auth_helpers.ts";
import { clearSessionCookies, readRefreshCookie } from "@/server/web/session_cookies.ts";

export const handler = defineApi({
  POST: op({
    summary: "Exchange a refresh token for new tokens",
    description:
      "Refresh tokens rotate on every use. Presenting one that was already used revokes its whole session.",
    tags: ["auth"],
    auth: false,
    body: RefreshBody,
    responses: {
      200: { description: "New access and refresh tokens", schema: AuthResult },
      401: { description: "The refresh token is invalid, expired, revoked or reused" },
    },
    async handle(c, { body }) {
      const presented = body.refreshToken ?? readRefreshCookie(c);
      const ended = new HttpError("invalid-token", "Your session has ended. Sign in again.");
      if (!presented) throw ended;
      const { db, keys, clock } = c.get("deps");
      try {
        const result = await db.write((tx) => rotateRefreshToken(tx, keys, presented, clock.now()));
        if (!("tokens" in result)) throw ended;
        return respondSignedIn(c, { user: result.user, tokens: result.tokens });
      } catch (err) {
        clearSessionCookies(c);
        throw err;
      }
    },
  }),
});
