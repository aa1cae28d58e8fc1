/** The session cookies: httpOnly, SameSite=Lax, Secure under https. */
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { IssuedTokens } from "@/server/auth/sessions.ts";
import type { AppContext } from "./context.ts";
import { isHttps } from "./request.ts";

export const ACCESS_COOKIE = "wm_access";
export const REFRESH_COOKIE = "wm_refresh";

export function setSessionCookies(c: AppContext, tokens: IssuedTokens) {
  const now = c.get("deps").clock.now();
  const base = { httpOnly: true, sameSite: "Lax", secure: isHttps(c), path: "/" } as const;
  setCookie(c, ACCESS_COOKIE, tokens.accessToken, {
    ...base,
    maxAge: Math.floor((tokens.accessExpiresAt - now) / 1000),
  });
  setCookie(c, REFRESH_COOKIE, tokens.refreshToken, {
    ...base,
    maxAge: Math.floor((tokens.refreshExpiresAt - now) / 1000),
  });
}

export function clearSessionCookies(c: AppContext) {
  deleteCookie(c, ACCESS_COOKIE, { path: "/", secure: isHttps(c) });
  deleteCookie(c, REFRESH_COOKIE, { path: "/", secure: isHttps(c) });
}

export function readAccessToken(c: AppContext): { token: string; viaCookie: boolean } | null {
  const header = c.req.header("authorization");
  if (header) {
    const m = header.match(/^Bearer\s+(\S+)$/i);
    return m ? { token: m[1], viaCookie: false } : null;
  }
  const cookie = getCookie(c, ACCESS_COOKIE);
  return cookie ? { token: cookie, viaCookie: true } : null;
}

export function readRefreshCookie(c: AppContext): string | undefined {
  return getCookie(c, REFRESH_COOKIE);
}
