/**
 * Leases: a named right to do something, held by one instance until it expires. `Deno.cron`
 * fires on every instance; wrapping the job in `withLease` makes each tick run on one of them.
 * The lease is not released when the job ends but left to expire, so an instance whose clock
 * (or cron) fires a little later finds it still taken: keep `ttlMs` shorter than the schedule's
 * period and longer than the clocks' disagreement.
 *
 * Held in Redis (SET NX PX) when there is one, else in the database every instance shares. If
 * Redis cannot be asked, the tick is skipped rather than risk running twice.
 */
import { lte } from "drizzle-orm";
import type { Database } from "@/db/client.ts";
import { leases } from "@/db/schema.ts";
import { REDIS_PREFIX, type RedisLink } from "@/server/redis/link.ts";

export interface LeaseStore {
  /** Takes `name` for `ttlMs` unless another holder has it unexpired; true when taken. */
  acquire(name: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
}

export interface Leases {
  /** Runs `fn` if this instance takes the lease `name`; resolves whether it ran. */
  withLease(name: string, ttlMs: number, fn: () => Promise<void>): Promise<boolean>;
}

export function createLeases(store: LeaseStore, holder: string, now: () => number): Leases {
  return {
    async withLease(name, ttlMs, fn) {
      if (!await store.acquire(name, holder, ttlMs, now())) return false;
      await fn();
      return true;
    },
  };
}

export function createDbLeaseStore(db: Database): LeaseStore {
  return {
    async acquire(name, holder, ttlMs, now) {
      const taken = await db.write((tx) =>
        tx.insert(leases).values({ name, holder, expiresAt: now + ttlMs }).onConflictDoUpdate({
          target: leases.name,
          set: { holder, expiresAt: now + ttlMs },
          setWhere: lte(leases.expiresAt, now),
        }).returning({ name: leases.name })
      );
      return taken.length === 1;
    },
  };
}

export function createRedisLeaseStore(
  link: RedisLink,
  onError: (err: unknown) => void = () => {},
): LeaseStore {
  return {
    async acquire(name, holder, ttlMs) {
      try {
        const ok = await link.commands.set(
          `${REDIS_PREFIX}lease:${name}`,
          holder,
          "PX",
          ttlMs,
          "NX",
        );
        return ok === "OK";
      } catch (err) {
        onError(err);
        return false;
      }
    },
  };
}
