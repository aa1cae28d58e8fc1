/** What both the API routes and the HTML forms need around the account use cases. */
import type { AccountDeps, SignedIn } from "@/server/auth/accounts.ts";
import type { ClientMeta } from "@/server/auth/sessions.ts";
import { toMe } from "@/server/auth/users.ts";
import type { AppContext } from "./context.ts";
import { clientIp } from "./request.ts";
import { setSessionCookies } from "./session_cookies.ts";

export function accountDeps(c: AppContext): AccountDeps {
  const { db, keys, clock, bus } = c.get("deps");
  return { db, keys, clock, bus };
}

export function clientMeta(c: AppContext): ClientMeta {
  return { ip: clientIp(c), userAgent: c.req.header("user-agent") };
}

/** Sets the session cookies and answers with the user and tokens (for API clients). */
export function respondSignedIn(c: AppContext, signedIn: SignedIn, status: 200 | 201 = 200) {
  setSessionCookies(c, signedIn.tokens);
  return c.json({
    user: toMe(signedIn.user),
    accessToken: signedIn.tokens.accessToken,
    refreshToken: signedIn.tokens.refreshToken,
    accessTokenExpiresAt: new Date(signedIn.tokens.accessExpiresAt).toISOString(),
  }, status);
}
