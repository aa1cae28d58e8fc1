import { z } from "zod";
import { RefreshBody } from "@/lib/schemas/auth.ts";
import { findSessionByRefreshToken, revokeSession } from "@/server/auth/sessions.ts";
import { defineApi, op } from "@/server/web/api.ts";
import { clearSessionCookies, readRefreshCookie } from "@/server/web/session_cookies.ts";

export const handler = defineApi({
  POST: op({
    summary: "Sign out",
    description: "Revokes the current session (from the access token, or the refresh token given).",
    tags: ["auth"],
    auth: false,
    body: RefreshBody,
    responses: { 200: { description: "Signed out", schema: z.object({ ok: z.literal(true) }) } },
    async handle(c, { body, viewer }) {
      const { db, clock } = c.get("deps");
      const refresh = body.refreshToken ?? readRefreshCookie(c);
      const sessionId = viewer?.sessionId ??
        (refresh ? await findSessionByRefreshToken(db.orm, refresh) : undefined);
      if (sessionId) await db.write((tx) => revokeSession(tx, sessionId, "logout", clock.now()));
      clearSessionCookies(c);
      return c.json({ ok: true as const });
    },
  }),
});
