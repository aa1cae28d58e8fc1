/**
 * The presence heartbeat re-scores each of this instance's connections in Redis: every member
 * of every user's set gets the new expiry and the key its TTL, including users with several
 * connections and more users than one script call carries.
 */
import assert from "node:assert/strict";
import { createLogger } from "@/server/observability/log.ts";
import { createRedisPresence, PRESENCE_TTL_MS } from "@/server/realtime/redis_presence.ts";
import { createRedisLink, REDIS_PREFIX } from "@/server/redis/link.ts";
import { skipCluster, startRedis } from "./cluster.ts";

Deno.test({
  name: "presence - a refresh re-scores every connection of this instance, in script calls",
  ignore: skipCluster,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const redis = await startRedis();
    const link = await createRedisLink(redis.url, createLogger("silent"));
    let now = 1_000_000;
    const presence = createRedisPresence(link, { instanceId: "i1", now: () => now });
    try {
      // 1,200 users (more than one call's 500), the first with three connections.
      const users = Array.from({ length: 1_200 }, (_, i) => `user-${i}`);
      for (const userId of users) await presence.connect(userId, `${userId}-a`, now);
      await presence.connect(users[0], "second", now);
      await presence.connect(users[0], "third", now);
      const key = (userId: string) => `${REDIS_PREFIX}presence:${userId}`;
      assert.equal(
        Number(await link.commands.zscore(key(users[0]), "i1/second")),
        now + PRESENCE_TTL_MS,
      );

      now += 45_000;
      await presence.refreshAll();
      const want = now + PRESENCE_TTL_MS;
      for (const member of ["i1/user-0-a", "i1/second", "i1/third"]) {
        assert.equal(Number(await link.commands.zscore(key(users[0]), member)), want, member);
      }
      for (const userId of [users[1], users[499], users[500], users[1_199]]) {
        assert.equal(Number(await link.commands.zscore(key(userId), `i1/${userId}-a`)), want);
        const ttl = await link.commands.pttl(key(userId));
        assert.ok(ttl > PRESENCE_TTL_MS - 5_000 && ttl <= PRESENCE_TTL_MS, `ttl ${ttl}`);
      }
      // Still online a minute after the first connect, thanks to the refresh.
      now += 30_000;
      assert.equal(await presence.isOnline(users[1_199]), true);
      // A disconnected connection is not brought back by a later refresh.
      await presence.disconnect(users[0], "third", now);
      await presence.refreshAll();
      assert.equal(await link.commands.zscore(key(users[0]), "i1/third"), null);
    } finally {
      presence.close();
      await link.close();
      redis.child.kill();
      await redis.child.status;
    }
  },
});
