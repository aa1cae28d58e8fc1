/** Operational endpoints: liveness, readiness and Prometheus metrics. */
import { Hono } from "hono";
import { HttpError } from "@/server/errors.ts";
import type { AppEnv } from "./context.ts";

export function systemRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const { db, config, redis } = c.get("deps");
    const checks: Record<string, "ok" | "down"> = {};
    try {
      await db.client.execute("SELECT 1");
      checks.database = "ok";
    } catch {
      checks.database = "down";
    }
    if (redis) checks.redis = redis.isUp() ? "ok" : "down";
    // Without the database nothing works: 503 takes the instance out of the pool. Without Redis
    // it still serves its own users (only cross-instance delivery waits), so it stays in with
    // 200 and "degraded" — dropping every instance at once during a Redis outage would be worse.
    const status = checks.database === "down"
      ? "unavailable"
      : Object.values(checks).every((v) => v === "ok")
      ? "ready"
      : "degraded";
    return c.json(
      { status, instance: config.INSTANCE_ID, checks },
      status === "unavailable" ? 503 : 200,
    );
  });
  app.get("/metrics", async (c) => {
    const { metrics, config } = c.get("deps");
    if (
      config.METRICS_TOKEN && c.req.header("authorization") !== `Bearer ${config.METRICS_TOKEN}`
    ) {
      throw new HttpError("unauthenticated", "Send the metrics token as a bearer token.");
    }
    return c.body(await metrics.registry.render(), 200, {
      "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
      "Cache-Control": "no-store",
    });
  });
  return app;
}
