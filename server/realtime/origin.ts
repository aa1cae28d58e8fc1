/**
 * Cross-site WebSocket hijacking defence: browsers send cookies with a WebSocket handshake from
 * any site, so the gateway refuses an Origin that is not ours before upgrading — the same rule
 * as the CSRF check (APP_ORIGIN, or the request's own origin). A handshake without an Origin is
 * not from a browser; it may connect, but cookies are then ignored and it must present a bearer
 * token (Authorization header or the first frame).
 */
import type { AppContext } from "@/server/web/context.ts";
import { publicOrigin } from "@/server/web/request.ts";

export type OriginVerdict = "same-origin" | "no-origin" | "foreign";

export function checkOrigin(c: AppContext): OriginVerdict {
  const origin = c.req.header("origin");
  if (origin === undefined || origin === "") return "no-origin";
  const allowed = new Set([publicOrigin(c), new URL(c.req.url).origin]);
  return allowed.has(origin) ? "same-origin" : "foreign";
}
