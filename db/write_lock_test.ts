/**
 * Two handles on one file stand in for two instances on one host (flock locks belong to an open
 * file, so they exclude each other within a process as across processes). Without the write
 * lock, the second `BEGIN IMMEDIATE` waits synchronously inside the driver: the event loop stops,
 * the first transaction (waiting on a timer) cannot finish, and the second fails with
 * SQLITE_BUSY when its busy timeout runs out.
 */
import assert from "node:assert/strict";
import { createDb } from "./client.ts";

Deno.test("write lock - a writer waiting for another handle's transaction keeps the event loop running", async () => {
  const dir = await Deno.makeTempDir({ prefix: "workmate-write-lock-" });
  const url = `file:${dir}/shared.db`;
  const first = await createDb({ url, busyTimeoutMs: 1000 });
  const second = await createDb({ url, busyTimeoutMs: 1000 });
  try {
    await first.client.execute("CREATE TABLE t (who TEXT NOT NULL)");
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);
    const order: string[] = [];
    let entered!: () => void;
    const firstInside = new Promise<void>((resolve) => entered = resolve);
    const holding = first.write(async (tx) => {
      await tx.run("INSERT INTO t (who) VALUES ('first')");
      entered();
      // Longer than the busy timeout: without the lock the second writer would give up.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      order.push("first");
    });
    await firstInside;
    const waiting = second.write(async (tx) => {
      await tx.run("INSERT INTO t (who) VALUES ('second')");
      order.push("second");
    });
    await Promise.all([holding, waiting]);
    clearInterval(ticker);

    assert.deepEqual(order, ["first", "second"]);
    const rows = await second.client.execute("SELECT who FROM t ORDER BY rowid");
    assert.deepEqual(rows.rows.map((r) => r.who), ["first", "second"]);
    assert.ok(longestGap < 200, `the event loop stalled for ${longestGap.toFixed(0)} ms`);
  } finally {
    first.close();
    second.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("write lock - an in-memory database needs none and still writes", async () => {
  const db = await createDb({ url: "file::memory:" });
  try {
    await db.write((tx) => tx.run("CREATE TABLE t (x INTEGER)"));
    await db.write((tx) => tx.run("INSERT INTO t VALUES (1)"));
    const rows = await db.client.execute("SELECT count(*) AS n FROM t");
    assert.equal(Number(rows.rows[0].n), 1);
  } finally {
    db.close();
  }
});
