/** Facts about the incoming request that depend on configuration (proxies, TLS). */
import { getConnInfo } from "hono/deno";
import type { AppContext } from "./context.ts";

/** The client's IP: X-Forwarded-For's first hop only when TRUST_PROXY is on. */
export function clientIp(c: AppContext): string {
  if (c.get("deps").config.TRUST_PROXY) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // in-process app.request() has no socket
  }
}

/** The origin the browser sees: APP_ORIGIN if set, else the request's own (proxy-aware). */
export function publicOrigin(c: AppContext): string {
  const configured = c.get("deps").config.APP_ORIGIN;
  if (configured) return new URL(configured).origin;
  const url = new URL(c.req.url);
  if (c.get("deps").config.TRUST_PROXY) {
    const proto = c.req.header("x-forwarded-proto");
    const host = c.req.header("x-forwarded-host");
    if (proto) url.protocol = proto + ":";
    if (host) url.host = host;
  }
  return url.origin;
}

export function isHttps(c: AppContext): boolean {
  return publicOrigin(c).startsWith("https:");
}

/** Operational endpoints answer machines (probes, Prometheus), so their errors are problems too. */
const MACHINE_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

export function wantsHtml(c: AppContext): boolean {
  const path = new URL(c.req.url).pathname;
  return path !== "/api" && !path.startsWith("/api/") && !MACHINE_PATHS.has(path);
}
