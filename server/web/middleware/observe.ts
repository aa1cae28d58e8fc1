/**
 * Request id, one JSON log line per request, and the request metrics. Runs first so it sees
 * every response, including errors. Every line logged through `c.get("log")` carries the
 * request id, the instance id (the base logger's) and, once signed in, the user id.
 */
import type { MiddlewareHandler } from "hono";
import { withLazyFields } from "@/server/observability/log.ts";
import type { AppEnv } from "../context.ts";

const REQUEST_ID = /^[\w.-]{1,100}$/;

export function observe(): MiddlewareHandler<AppEnv> {
  return async function observeRequest(c, next) {
    const { log, metrics } = c.get("deps");
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    // The viewer is set later by the auth middleware: read it when a line is written.
    c.set(
      "log",
      withLazyFields(log.child({ requestId }), () => ({ userId: c.get("viewer")?.user.id })),
    );
    c.header("X-Request-Id", requestId);
    const started = performance.now();
    metrics.httpInFlight.value++;
    try {
      await next();
    } finally {
      metrics.httpInFlight.value--;
    }
    const seconds = (performance.now() - started) / 1000;
    // The matched route pattern keeps label cardinality bounded (no ids in labels).
    const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "unmatched";
    const labels = { route, method: c.req.method };
    metrics.httpRequests.inc({ ...labels, status: String(c.res.status) });
    metrics.httpDuration.observe(labels, seconds);
    c.get("log").info("request", {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      route,
      status: c.res.status,
      ms: Math.round(seconds * 100_000) / 100,
    });
  };
}
