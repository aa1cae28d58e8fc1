/**
 * Limits and leases hold across instances: two instances count one login limit together, and a
 * cron lease taken by one instance keeps the other out until it expires.
 */
import assert from "node:assert/strict";
import { createLeases, createRedisLeaseStore } from "@/server/jobs/lease.ts";
import { createLogger } from "@/server/observability/log.ts";
import { createRedisLink } from "@/server/redis/link.ts";
import { randomIp, register, skipCluster, startCluster, waitUntil } from "./cluster.ts";

Deno.test({
  name: "cluster - the login limit and cron leases are shared by the instances",
  ignore: skipCluster,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await using cluster = await startCluster(2);
    const [i1, i2] = cluster.instances;
    const ana = await register(cluster, i1, "Ana");

    await t.step("ten failed logins from one address, split over two instances", async () => {
      const ip = randomIp();
      const attempt = (instance: typeof i1) =>
        cluster.client(instance, ip).json("POST", "/api/v1/auth/login", {
          email: ana.email,
          password: "not the password",
        });
      for (let i = 0; i < 5; i++) {
        assert.equal((await attempt(i1)).status, 401);
        assert.equal((await attempt(i2)).status, 401);
      }
      // Either instance alone saw 5 of its 10; together they refuse the eleventh.
      assert.equal((await attempt(i1)).status, 429);
      assert.equal((await attempt(i2)).status, 429);
    });

    await t.step("a lease taken on one instance blocks the other until it expires", async () => {
      const log = createLogger("silent");
      const [linkA, linkB] = await Promise.all([
        createRedisLink(cluster.redis.url, log),
        createRedisLink(cluster.redis.url, log),
      ]);
      try {
        const a = createLeases(createRedisLeaseStore(linkA), "A", Date.now);
        const b = createLeases(createRedisLeaseStore(linkB), "B", Date.now);
        const ran: string[] = [];
        const job = (who: string) => () => {
          ran.push(who);
          return Promise.resolve();
        };
        const takenAt = Date.now();
        assert.equal(await a.withLease("cron:test", 600, job("A")), true);
        assert.equal(await b.withLease("cron:test", 600, job("B")), false);
        assert.equal(await a.withLease("cron:test", 600, job("A")), false);
        await waitUntil(
          () => b.withLease("cron:test", 600, job("B")),
          "the lease to expire",
        );
        assert.ok(Date.now() - takenAt >= 550, "not before the lease expired");
        assert.deepEqual(ran, ["A", "B"]);
      } finally {
        await Promise.all([linkA.close(), linkB.close()]);
      }
    });
  },
});
