/** The gateway's metrics, registered on the app's registry (one set per app instance). */
import type { Bus } from "@/server/bus/bus.ts";
import type { MetricsRegistry } from "@/server/observability/metrics.ts";
import type { Realtime } from "./types.ts";

const DELIVERY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

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
    auth: registry.histogram(
      "ws_auth_seconds",
      "Token presented → authenticated sent, including the wait for an authentication slot",
      DELIVERY_BUCKETS,
    ),
    delivery: registry.histogram(
      "ws_delivery_latency_seconds",
      "send_message received at a server → new_message written to the recipients' sockets on " +
        "this instance; path=local (same instance) or remote (through the bus, wall clocks)",
      DELIVERY_BUCKETS,
    ),
  };
}
export type RealtimeMetrics = ReturnType<typeof createRealtimeMetrics>;

/**
 * A Realtime that stamps the frames it publishes with when the client frame that caused them
 * arrived and on which instance. The gateway hands one to the handler of each send_message.
 */
export function stampedRealtime(
  realtime: Realtime,
  receivedAt: number,
  origin: string,
): Realtime {
  return {
    ...realtime,
    toConversation: (id, frame, opts = {}) =>
      realtime.toConversation(id, frame, { ...opts, receivedAt, origin }),
  };
}

/**
 * The bus as the hub sees it: after a stamped new_message has been written to this instance's
 * sockets (the hub's handler writes synchronously), the delivery latency is observed.
 */
export function observeDeliveries(bus: Bus, metrics: RealtimeMetrics, instanceId: string): Bus {
  return {
    publish: (topic, event) => bus.publish(topic, event),
    subscribe: (topic, handler) =>
      bus.subscribe(topic, async (event, t) => {
        await handler(event, t);
        if (
          event.type === "realtime.frame" && event.receivedAt !== undefined &&
          event.frame.type === "new_message"
        ) {
          const path = event.origin === instanceId ? "local" : "remote";
          metrics.delivery.observe({ path }, Math.max(0, Date.now() - event.receivedAt) / 1000);
        }
      }),
    close: () => bus.close(),
    ...(bus.onGap ? { onGap: (listener: () => void) => bus.onGap!(listener) } : {}),
  };
}
