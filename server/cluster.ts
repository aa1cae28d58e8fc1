/**
 * What instances share, chosen in one place: with REDIS_URL, the bus, presence, rate limits and
 * cron leases live in Redis so several instances act as one; without it, everything stays in
 * this process's memory (leases in the database) exactly as a single instance needs.
 */
import type { Database } from "@/db/client.ts";
import { type Bus, createMemoryBus } from "@/server/bus/bus.ts";
import { createRedisBus } from "@/server/bus/redis_bus.ts";
import type { Clock } from "@/server/clock.ts";
import type { Config } from "@/server/config.ts";
import {
  createDbLeaseStore,
  createLeases,
  createRedisLeaseStore,
  type Leases,
} from "@/server/jobs/lease.ts";
import type { Logger } from "@/server/observability/log.ts";
import { createMemoryPresence, type PresenceStore } from "@/server/realtime/presence.ts";
import { createRedisPresence } from "@/server/realtime/redis_presence.ts";
import { createRedisLink, type RedisLink } from "@/server/redis/link.ts";
import { createMemoryRateLimiter, type RateLimiter } from "@/server/security/rate_limit.ts";
import { createRedisRateLimiter } from "@/server/security/redis_rate_limit.ts";

export interface ClusterParts {
  bus: Bus;
  presence: PresenceStore;
  rateLimiter: RateLimiter;
  leases: Leases;
  redis?: RedisLink;
  /** Stops timers and closes the Redis connections (after the bus is closed). */
  close(): Promise<void>;
}

export async function createClusterParts(
  config: Config,
  db: Database,
  log: Logger,
  clock: Clock,
): Promise<ClusterParts> {
  const onBusError = (err: unknown, event: { type: string }) =>
    log.error("bus handler failed", { error: err, event: event.type });
  const now = () => clock.now();
  if (!config.REDIS_URL) {
    return {
      bus: createMemoryBus(onBusError),
      presence: createMemoryPresence(),
      rateLimiter: createMemoryRateLimiter(),
      leases: createLeases(createDbLeaseStore(db), config.INSTANCE_ID, now),
      close: () => Promise.resolve(),
    };
  }
  const redis = await createRedisLink(config.REDIS_URL, log);
  // Redis failures are expected during an outage and already reported by the link's health
  // watch; per-call errors are for debugging.
  const onRedisError = (err: unknown) => log.debug("redis call failed", { error: err });
  const presence = createRedisPresence(redis, {
    instanceId: config.INSTANCE_ID,
    now,
    onError: onRedisError,
  });
  return {
    bus: createRedisBus(redis, {
      instanceId: config.INSTANCE_ID,
      onError: onBusError,
      onDropped: (topic, err) => log.debug("bus publish dropped", { topic, error: err }),
    }),
    presence,
    rateLimiter: createRedisRateLimiter(redis, onRedisError),
    leases: createLeases(createRedisLeaseStore(redis, onRedisError), config.INSTANCE_ID, now),
    redis,
    async close() {
      presence.close();
      await redis.close();
    },
  };
}
