/**
 * What every request handler can reach: the application's dependencies (passed to createApp,
 * never imported as globals) and per-request state set by middleware.
 */
import type { Context } from "hono";
import type { Database } from "@/db/client.ts";
import type { User } from "@/db/schema.ts";
import type { Bus } from "@/server/bus/bus.ts";
import type { Clock } from "@/server/clock.ts";
import type { Config } from "@/server/config.ts";
import type { Logger } from "@/server/observability/log.ts";
import type { AppMetrics } from "@/server/observability/metrics.ts";
import type { RateLimiter } from "@/server/security/rate_limit.ts";
import type { TokenKeys } from "@/server/auth/tokens.ts";
import type { Mailer } from "@/server/mail/mailer.ts";
import type { Worker } from "@/server/jobs/worker.ts";
import type { Gateway } from "@/server/realtime/gateway.ts";
import type { PresenceStore } from "@/server/realtime/presence.ts";
import type { Realtime } from "@/server/realtime/types.ts";
import type { CallFeature } from "@/server/calls/feature.ts";
import type { RealtimeFeature } from "@/server/realtime/gateway.ts";
import type { Leases } from "@/server/jobs/lease.ts";
import type { RedisLink } from "@/server/redis/link.ts";
import type { RouteManifest } from "./manifest.ts";
import type { IslandAssets } from "./islands.tsx";

export interface AppDeps {
  config: Config;
  db: Database;
  bus: Bus;
  clock: Clock;
  log: Logger;
  metrics: AppMetrics;
  rateLimiter: RateLimiter;
  keys: TokenKeys;
  mailer: Mailer;
  worker: Worker;
  manifest: RouteManifest;
  assets: IslandAssets;
  /** Content hashes of static files, for cache-busting URLs. */
  staticHashes: Record<string, string>;
  /** Sends frames to users and conversations on any instance (over the bus). */
  realtime: Realtime;
  /** Who is connected, and when each user was last seen. */
  presence: PresenceStore;
  /** Scheduled work that must run on one instance per tick. */
  leases: Leases;
  /** The link to Redis when REDIS_URL is set (for /readyz); absent in a single process. */
  redis?: RedisLink;
  /** This instance's WebSocket gateway (GET /ws) and its connections. */
  gateway: Gateway<RealtimeFeatures>;
}

/** The features speaking through the gateway. */
export interface RealtimeFeatures extends Record<string, RealtimeFeature> {
  chat: RealtimeFeature;
  calls: CallFeature;
}

/** The signed-in user of a request. */
export interface Viewer {
  user: User;
  sessionId: string;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    log: Logger;
    viewer: Viewer | null;
    /** True when the viewer came from the cookie (so CSRF rules apply), false for bearer tokens. */
    viaCookie: boolean;
  };
};

export type AppContext = Context<AppEnv>;
