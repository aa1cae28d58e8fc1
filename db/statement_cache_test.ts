import assert from "node:assert/strict";
import { createDb } from "./client.ts";
import { statementCacheStats } from "./statement_cache.ts";

Deno.test("statement cache - reused statements bind new values and read every row", async () => {
  const dir = await Deno.makeTempDir({ prefix: "workmate-stmt-" });
  const db = await createDb({ url: `file:${dir}/t.db` });
  try {
    await db.client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    for (let i = 0; i < 300; i++) {
      await db.client.execute({
        sql: "INSERT INTO t (id, name) VALUES (?, ?)",
        args: [i, `n${i}`],
      });
    }
    // The same SQL, different values: each run sees its own arguments, and a run that stops
    // early (LIMIT) leaves nothing behind for the next.
    for (const [from, limit] of [[0, 150], [10, 5], [250, 100], [0, 1]]) {
      const rows = await db.client.execute({
        sql: "SELECT id, name FROM t WHERE id >= ? ORDER BY id LIMIT ?",
        args: [from, limit],
      });
      const want = Array.from({ length: Math.min(limit, 300 - from) }, (_, k) => from + k);
      assert.deepEqual(rows.rows.map((r) => Number(r.id)), want);
      assert.deepEqual(rows.columns, ["id", "name"]);
    }
    // The client really goes through the cache (the same copy of `libsql` is patched).
    const before = statementCacheStats();
    for (let i = 0; i < 10; i++) await db.client.execute({ sql: "SELECT ? AS v", args: [i] });
    const after = statementCacheStats();
    assert.ok(after.hits - before.hits >= 9, `hits ${after.hits - before.hits} of 10`);
    // A failed run (constraint) does not poison the cached statement.
    await assert.rejects(
      db.client.execute({ sql: "INSERT INTO t (id, name) VALUES (?, ?)", args: [1, "dup"] }),
      /UNIQUE/,
    );
    await db.client.execute({ sql: "INSERT INTO t (id, name) VALUES (?, ?)", args: [300, "ok"] });
    // Inside transactions (another connection of the pool) and after a schema change.
    await db.write(async (tx) => {
      await tx.run("UPDATE t SET name = 'x' WHERE id = 300");
    });
    await db.client.execute("ALTER TABLE t ADD COLUMN extra TEXT");
    const again = await db.client.execute({
      sql: "SELECT id, name FROM t WHERE id >= ? ORDER BY id LIMIT ?",
      args: [299, 5],
    });
    assert.deepEqual(again.rows.map((r) => [Number(r.id), r.name]), [[299, "n299"], [300, "x"]]);
    // More distinct statements than the cache keeps: old ones are dropped, all still work.
    for (let i = 0; i < 600; i++) {
      const one = await db.client.execute(`SELECT ${i} AS v`);
      assert.equal(Number(one.rows[0].v), i);
    }
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
