/**
 * Cluster-wide presence in Redis. A user's live connections are a sorted set
 * `wm:presence:<userId>` whose members are `<instance>/<connection>` scored by when they expire;
 * each instance re-scores its own every HEARTBEAT_MS, TTL_MS ahead. A connection whose instance
 * died stops being refreshed and counts as gone TTL_MS later at most, so its user reads offline
 * (REST, `isOnline`, the members list) within a minute. Nobody announces `user_offline` for
 * them: the instance that would have is dead, and peers see the change on their next lookup.
 *
 * Redis must not be needed for local work, so this instance's connections are also kept in a
 * memory store: it answers while Redis is down, and the next heartbeat writes them back.
 */
import { REDIS_PREFIX, type RedisLink } from "@/server/redis/link.ts";
import { createMemoryPresence, type PresenceEntry, type PresenceStore } from "./presence.ts";

export const PRESENCE_TTL_MS = 60_000;
const HEARTBEAT_MS = 20_000;
const HEARTBEAT_SLICES = 20;
/** Users per script call when refreshing. */
const REFRESH_CHUNK = 500;

/** Which heartbeat slice a user is in: a cheap, stable spread over the last characters. */
function sliceOf(userId: string): number {
  const n = userId.length;
  const h = userId.charCodeAt(n - 1) + 31 * userId.charCodeAt(n - 2) +
    961 * userId.charCodeAt(n - 3);
  return (Number.isNaN(h) ? 0 : h) % HEARTBEAT_SLICES;
}
/** How long "last seen" is kept after the last disconnect. */
const SEEN_TTL_MS = 30 * 24 * 3600_000;

const connectionsKey = (userId: string) => `${REDIS_PREFIX}presence:${userId}`;
const seenKey = (userId: string) => `${REDIS_PREFIX}seen:${userId}`;

/** Adds the connection; returns how many live ones the user had before. */
const CONNECT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local before = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[5])
return before`;

/**
 * Re-scores connections: ARGV = expiry, ttl, then per user its key, how many connections, and
 * those members. Keys travel in ARGV, so this assumes one Redis, not Redis Cluster.
 */
const REFRESH = `
local expiry, ttl, i = ARGV[1], ARGV[2], 3
while i <= #ARGV do
  local key, n = ARGV[i], tonumber(ARGV[i + 1])
  for j = 1, n do redis.call('ZADD', key, expiry, ARGV[i + 1 + j]) end
  redis.call('PEXPIRE', key, ttl)
  i = i + 2 + n
end
return 0`;

/** Removes the connection; returns how many live ones are left, or -1 if it was unknown. */
const DISCONNECT = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return -1 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
return redis.call('ZCARD', KEYS[1])`;

export interface RedisPresenceOptions {
  instanceId: string;
  now: () => number;
  onError?: (err: unknown) => void;
}

export function createRedisPresence(
  link: RedisLink,
  options: RedisPresenceOptions,
): PresenceStore & { refreshAll(): Promise<void>; close(): void } {
  const redis = link.commands;
  const local = createMemoryPresence();
  /**
   * This instance's connections per user, kept by heartbeat slice: what the heartbeat refreshes,
   * a slice per tick, without visiting the others.
   */
  const slices = Array.from({ length: HEARTBEAT_SLICES }, () => new Map<string, Set<string>>());
  const sliceFor = (userId: string) => slices[sliceOf(userId)];
  const everyone = () => slices.flatMap((slice) => [...slice]);
  const member = (connectionId: string) => `${options.instanceId}/${connectionId}`;
  const onError = options.onError ?? (() => {});

  /**
   * Re-scores these users' connections, PRESENCE_TTL_MS ahead: one script call per few hundred
   * users. A pipeline of a ZADD per connection was measured to cost far more than the Redis work:
   * each command is an object graph that lives until its reply, survives young-generation
   * collections under load and piles up in the old generation (50,000 idle sockets on 3
   * instances: RSS per connection 25 KB without the refresh, 34–44 KB with it as pipelines).
   */
  async function refresh(users: Array<[string, Set<string>]>) {
    const expiry = String(options.now() + PRESENCE_TTL_MS);
    for (let from = 0; from < users.length; from += REFRESH_CHUNK) {
      const args: string[] = [expiry, String(PRESENCE_TTL_MS)];
      for (const [userId, ids] of users.slice(from, from + REFRESH_CHUNK)) {
        args.push(connectionsKey(userId), String(ids.size));
        for (const id of ids) args.push(member(id));
      }
      await redis.eval(REFRESH, 0, ...args).catch(onError);
    }
  }
  // Each tick refreshes one slice of the users, so every user is refreshed once per
  // HEARTBEAT_MS and the work is spread evenly instead of arriving all at once.
  let tick = 0;
  function heartbeat() {
    const slice = slices[tick++ % HEARTBEAT_SLICES];
    if (slice.size === 0 || !link.isUp()) return;
    void refresh([...slice]);
  }
  async function lookup(userIds: readonly string[]): Promise<Map<string, PresenceEntry>> {
    if (userIds.length === 0) return new Map();
    if (!link.isUp()) return await local.lookup(userIds);
    const now = options.now();
    try {
      const batch = redis.pipeline();
      for (const id of userIds) batch.zcount(connectionsKey(id), now, "+inf").get(seenKey(id));
      const replies = (await batch.exec()) ?? [];
      const out = new Map<string, PresenceEntry>();
      userIds.forEach((id, i) => {
        const [countErr, count] = replies[2 * i] ?? [];
        const [seenErr, seen] = replies[2 * i + 1] ?? [];
        if (countErr || seenErr) throw countErr ?? seenErr;
        out.set(id, { online: Number(count) > 0, lastSeen: seen ? Number(seen) : null });
      });
      return out;
    } catch (err) {
      onError(err);
      return await local.lookup(userIds);
    }
  }

  const timer = setInterval(heartbeat, HEARTBEAT_MS / HEARTBEAT_SLICES);
  // What changed while Redis was away is written back at once, not up to 20 s later.
  const offRecovered = link.onRecovered(() => void refresh(everyone()));

  return {
    async connect(userId, connectionId, now) {
      const firstHere = await local.connect(userId, connectionId, now);
      const slice = sliceFor(userId);
      let ids = slice.get(userId);
      if (!ids) slice.set(userId, ids = new Set());
      ids.add(connectionId);
      // While Redis is away the heartbeat after its return records the connection.
      if (!link.isUp()) return firstHere;
      try {
        const before = await redis.eval(
          CONNECT,
          2,
          connectionsKey(userId),
          seenKey(userId),
          member(connectionId),
          now,
          now + PRESENCE_TTL_MS,
          PRESENCE_TTL_MS,
          SEEN_TTL_MS,
        );
        return Number(before) === 0;
      } catch (err) {
        onError(err);
        return firstHere;
      }
    },
    async disconnect(userId, connectionId, now) {
      const lastHere = await local.disconnect(userId, connectionId, now);
      const slice = sliceFor(userId);
      const ids = slice.get(userId);
      ids?.delete(connectionId);
      if (ids?.size === 0) slice.delete(userId);
      // While Redis is away the entry is left to expire (no heartbeat refreshes it).
      if (!link.isUp()) return lastHere;
      try {
        const left = Number(
          await redis.eval(
            DISCONNECT,
            2,
            connectionsKey(userId),
            seenKey(userId),
            member(connectionId),
            now,
            SEEN_TTL_MS,
          ),
        );
        return left === 0;
      } catch (err) {
        onError(err);
        return lastHere;
      }
    },
    async isOnline(userId) {
      return (await lookup([userId])).get(userId)?.online ?? false;
    },
    lookup,
    /** Re-scores every connection of this instance now (what a Redis recovery does). */
    refreshAll: () => refresh(everyone()),
    close() {
      clearInterval(timer);
      offRecovered();
    },
  };
}
