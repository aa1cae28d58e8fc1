/**
 * Several processes on one database file: the database lease store (used without Redis) lets
 * one holder in at a time, and job claims (BEGIN IMMEDIATE) never hand a job to two workers
 * (real processes, claim_worker.ts: in one process a second connection's lock wait would
 * block the event loop its holder needs).
 */
import assert from "node:assert/strict";
import { createDb } from "@/db/client.ts";
import { backgroundJobs } from "@/db/schema.ts";
import { createDbLeaseStore, createLeases } from "@/server/jobs/lease.ts";
import { enqueue } from "@/server/jobs/queue.ts";

async function twoConnections() {
  const dir = await Deno.makeTempDir({ prefix: "workmate-claims-" });
  const url = `file:${dir}/shared.db`;
  const first = await createDb({ url });
  const second = await createDb({ url });
  return {
    url,
    first,
    second,
    async [Symbol.asyncDispose]() {
      first.close();
      second.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("leases - a database lease admits one holder until it expires", async () => {
  await using dbs = await twoConnections();
  let now = 1_000;
  const a = createLeases(createDbLeaseStore(dbs.first), "A", () => now);
  const b = createLeases(createDbLeaseStore(dbs.second), "B", () => now);
  const ran: string[] = [];
  const job = (who: string) => () => {
    ran.push(who);
    return Promise.resolve();
  };
  assert.equal(await a.withLease("cron:x", 500, job("A")), true);
  assert.equal(await b.withLease("cron:x", 500, job("B")), false);
  now += 499;
  assert.equal(await b.withLease("cron:x", 500, job("B")), false);
  now += 1;
  assert.equal(await b.withLease("cron:x", 500, job("B")), true);
  assert.equal(await a.withLease("cron:y", 500, job("A")), true);
  assert.deepEqual(ran, ["A", "B", "A"]);
});

Deno.test("jobs - three processes claiming at once never take the same job", async () => {
  await using dbs = await twoConnections();
  const now = 5_000;
  await dbs.first.write(async (tx) => {
    for (let i = 0; i < 60; i++) await enqueue(tx, "search.match_job", { jobId: `j${i}` }, { now });
  });
  const worker = new URL("./claim_worker.ts", import.meta.url).pathname;
  const outputs = await Promise.all([1, 2, 3].map(() =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", worker, dbs.url],
      stdout: "piped",
      stderr: "inherit",
    }).output()
  ));
  const claimed = outputs.map((o) => {
    assert.equal(o.code, 0);
    return JSON.parse(new TextDecoder().decode(o.stdout)) as number[];
  });
  const all = claimed.flat();
  assert.equal(all.length, 60);
  assert.equal(new Set(all).size, 60, "no job claimed twice");
  const rows = await dbs.first.orm.select().from(backgroundJobs);
  assert.ok(rows.every((r) => r.status === "running" && r.attempts === 1));
});
