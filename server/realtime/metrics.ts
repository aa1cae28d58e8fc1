/** The gateway's metrics, registered on the app's registry (one set per app instance). */
import type { MetricsRegistry } from "@/server/observability/metrics.ts";

export function createRealtimeMetrics(registry: MetricsRegistry, openConnections: () => number) {
  registry.gauge("ws_connections", "Open, authenticated WebSocket connections", openConnections);
  return {
    framesIn: registry.counter("ws_frames_in_total", "Client frames received, by type"),
    framesOut: registry.counter("ws_frames_out_total", "Server frames sent, by type"),
    framesDropped: registry.counter(
      "ws_frames_dropped_total",
      "Server frames dropped for slow consumers, by type",
    ),
    closes: registry.counter("ws_closes_total", "WebSocket connections closed, by code"),
  };
}
export type RealtimeMetrics = ReturnType<typeof createRealtimeMetrics>;
