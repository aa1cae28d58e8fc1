/**
 * Resolves the viewer from the bearer token or access cookie. A page navigation whose access
 * cookie has expired is refreshed in place from the refresh cookie, so a browser session lasts
 * as long as its refresh token. (API calls refresh explicitly: parallel fetches rotating the
 * same token would look like token theft.)
 */
import type { MiddlewareHandler } from "hono";
import { authenticateAccessToken, rotateRefreshToken } from "@/server/auth/sessions.ts";
import type { AppEnv } from "../context.ts";
import { clientIp } from "../request.ts";
import {
  clearSessionCookies,
  readAccessToken,
  readRefreshCookie,
  setSessionCookies,
} from "../session_cookies.ts";

export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function resolveViewer(c, next) {
    const { db, keys, clock } = c.get("deps");
    c.set("viewer", null);
    c.set("viaCookie", false);
    const presented = readAccessToken(c);
    if (presented) {
      const viewer = await authenticateAccessToken(db.orm, keys, presented.token, clock.now());
      c.set("viewer", viewer);
      c.set("viaCookie", presented.viaCookie);
    }
    if (!c.get("viewer") && (!presented || presented.viaCookie) && isNavigation(c)) {
      const refresh = readRefreshCookie(c);
      if (refresh) {
        try {
          const result = await db.write((tx) => rotateRefreshToken(tx, keys, refresh, clock.now()));
          if ("tokens" in result) {
            setSessionCookies(c, result.tokens);
            c.set("viewer", { user: result.user, sessionId: result.tokens.sessionId });
            c.set("viaCookie", true);
          } else clearSessionCookies(c);
        } catch {
          clearSessionCookies(c);
        }
      }
    }
    c.get("log").debug("viewer", { userId: c.get("viewer")?.user.id, ip: clientIp(c) });
    await next();
  };
}

function isNavigation(c: Parameters<MiddlewareHandler<AppEnv>>[0]): boolean {
  if (c.req.method !== "GET") return false;
  const path = new URL(c.req.url).pathname;
  if (path.startsWith("/api/") || path.startsWith("/static/")) return false;
  return (c.req.header("accept") ?? "").includes("text/html");
}
