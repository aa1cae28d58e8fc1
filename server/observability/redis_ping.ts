/**
 * Redis round-trip latency: a PING every `intervalMs`, observed into redis_ping_duration_seconds
 * (failures counted in redis_ping_errors_total). Whoever opens Redis (the Redis bus) starts it
 * with its client's ping and stops it on close; nothing here knows the client library.
 */
import type { AppMetrics } from "./metrics.ts";

export function startRedisPing(
  ping: () => Promise<unknown>,
  metrics: AppMetrics,
  intervalMs = 5_000,
): () => void {
  let inFlight = false;
  const timer = setInterval(async () => {
    if (inFlight) return; // a hung Redis must not pile up PINGs
    inFlight = true;
    const started = performance.now();
    try {
      await ping();
      metrics.redisPing.observe({}, (performance.now() - started) / 1000);
    } catch {
      metrics.redisPingErrors.inc();
    } finally {
      inFlight = false;
    }
  }, intervalMs);
  return () => clearInterval(timer);
}
