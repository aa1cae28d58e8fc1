/**
 * CSRF: a state-changing request from a browser must come from our own origin. Cookies are
 * SameSite=Lax as a second layer. Requests without cookies (API clients with bearer tokens)
 * carry no ambient authority, so they need no Origin.
 */
import type { MiddlewareHandler } from "hono";
import { HttpError } from "@/server/errors.ts";
import type { AppEnv } from "../context.ts";
import { publicOrigin } from "../request.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function csrf(): MiddlewareHandler<AppEnv> {
  return async function csrfCheck(c, next) {
    if (SAFE.has(c.req.method)) return await next();
    const allowed = new Set([publicOrigin(c), new URL(c.req.url).origin]);
    const origin = c.req.header("origin") ?? refererOrigin(c.req.header("referer"));
    const site = c.req.header("sec-fetch-site");
    const hasCookies = (c.req.header("cookie") ?? "").includes("wm_");
    if (origin !== undefined) {
      if (!allowed.has(origin)) throw refused();
    } else if (site === "cross-site" || site === "same-site") {
      throw refused();
    } else if (hasCookies) {
      // A cookie-carrying request that names no origin: browsers always send one on POST.
      throw refused();
    }
    await next();
  };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return "null";
  }
}

const refused = () =>
  new HttpError(
    "csrf",
    "This request came from another site. Submit the form from WorkMate itself.",
  );
