import assert from "node:assert/strict";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { createClient } from "@libsql/client";
import { createDb, type Database } from "./client.ts";
import { applyMigrations, readMigrations } from "./migrate.ts";
import { is } from "drizzle-orm";
import { SQLiteTable as SQLiteTableClass } from "drizzle-orm/sqlite-core";
import * as schema from "./schema.ts";
import * as marketplace from "./schema_marketplace.ts";
import * as contracts from "./schema_contracts.ts";
import * as social from "./schema_social.ts";
import * as chat from "./schema_chat.ts";

/** Every table any schema file exports, so a new table is checked without listing it here. */
const TABLES: SQLiteTable[] = [schema, marketplace, contracts, social, chat].flatMap((m) =>
  Object.values(m).filter((v): v is SQLiteTable => is(v, SQLiteTableClass))
);

async function withDb(
  fn: (db: Database, dir: string) => Promise<void>,
  busyTimeoutMs = 4321,
) {
  const dir = await Deno.makeTempDir({ prefix: "workmate-db-test-" });
  const db = await createDb({ url: `file:${dir}/test.db`, busyTimeoutMs });
  try {
    await fn(db, dir);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Drizzle wraps driver errors ("Failed query"); the SQLite message is in the cause. */
const isForeignKeyError = (err: unknown) =>
  /FOREIGN KEY/.test(`${err} ${(err as { cause?: unknown }).cause}`);

const pragma = async (db: Database, name: string) =>
  Object.values((await db.client.execute(`PRAGMA ${name}`)).rows[0])[0];

Deno.test("db - every migration applies once, and again is a no-op", async () => {
  await withDb(async (db) => {
    const names = (await readMigrations()).map((m) => m.name);
    assert.ok(names.includes("0001_foundation.sql"));
    const applied = (await db.client.execute("SELECT name FROM _migrations ORDER BY name")).rows
      .map((r) => r.name);
    assert.deepEqual(applied, names);
    assert.deepEqual(await applyMigrations(db.client), []);
    const count = (await db.client.execute("SELECT count(*) AS n FROM _migrations")).rows[0].n;
    assert.equal(Number(count), names.length);
  });
});

Deno.test("db - a second start on the same file applies nothing", async () => {
  await withDb(async (_db, dir) => {
    const again = await createDb({ url: `file:${dir}/test.db` });
    try {
      const n = (await again.client.execute("SELECT count(*) AS n FROM _migrations")).rows[0].n;
      assert.equal(Number(n), (await readMigrations()).length);
    } finally {
      again.close();
    }
  });
});

Deno.test("db - schema.ts matches the migrated tables column by column", async () => {
  await withDb(async (db) => {
    for (const table of TABLES) {
      const config = getTableConfig(table);
      const info = (await db.client.execute(`PRAGMA table_info(${config.name})`)).rows;
      assert.ok(info.length > 0, `${config.name} exists`);
      const actual = info.map((r) => ({
        name: String(r.name),
        type: String(r.type).toLowerCase(),
        notNull: Number(r.notnull) === 1 || Number(r.pk) === 1,
        primaryKey: Number(r.pk) > 0,
      }));
      const inCompositeKey = (name: string) =>
        config.primaryKeys.some((pk) => pk.columns.some((col) => col.name === name));
      const expected = config.columns.map((c) => ({
        name: c.name,
        type: c.getSQLType().toLowerCase(),
        notNull: c.notNull || c.primary || inCompositeKey(c.name),
        primaryKey: c.primary || inCompositeKey(c.name),
      }));
      assert.deepEqual(
        actual.sort((a, b) => a.name.localeCompare(b.name)),
        expected.sort((a, b) => a.name.localeCompare(b.name)),
        config.name,
      );
    }
  });
});

Deno.test("db - schema.ts foreign keys match the migrated ones", async () => {
  await withDb(async (db) => {
    for (const table of TABLES) {
      const config = getTableConfig(table);
      const rows = (await db.client.execute(`PRAGMA foreign_key_list(${config.name})`)).rows;
      const actual = rows.map((r) => `${r.from}->${r.table}.${r.to} ${r.on_delete}`).sort();
      const expected = config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        const target = getTableConfig(ref.foreignTable).name;
        return `${ref.columns[0].name}->${target}.${ref.foreignColumns[0].name} ${
          (fk.onDelete ?? "no action").toUpperCase()
        }`;
      }).sort();
      assert.deepEqual(actual, expected, config.name);
    }
  });
});

Deno.test("db - WAL, foreign keys and busy timeout hold on connections opened later", async () => {
  await withDb(async (db) => {
    assert.equal(await pragma(db, "journal_mode"), "wal");
    assert.equal(Number(await pragma(db, "foreign_keys")), 1);
    assert.equal(Number(await pragma(db, "busy_timeout")), 4321);
    // While a transaction holds its connection, the client has to open another one.
    await db.write(async () => {
      assert.equal(Number(await pragma(db, "foreign_keys")), 1, "during a transaction");
      assert.equal(Number(await pragma(db, "busy_timeout")), 4321, "during a transaction");
    });
    for (let i = 0; i < 3; i++) {
      assert.equal(Number(await pragma(db, "foreign_keys")), 1, "after a transaction");
      assert.equal(Number(await pragma(db, "busy_timeout")), 4321, "after a transaction");
    }
  });
});

Deno.test("db - foreign keys are enforced after a transaction", async () => {
  await withDb(async (db) => {
    await db.write(async () => {});
    await assert.rejects(
      db.write(async (tx) => {
        await tx.insert(schema.sessions).values({
          id: "s1",
          userId: "no-such-user",
          createdAt: 0,
          lastUsedAt: 0,
          expiresAt: 1,
        });
      }),
      isForeignKeyError,
    );
    await assert.rejects(
      db.client.execute(
        "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at) VALUES ('s2', 'nobody', 0, 0, 1)",
      ),
      isForeignKeyError,
    );
  });
});

Deno.test("db - a plain libsql client opened beside it sees WAL mode persisted", async () => {
  await withDb(async (_db, dir) => {
    const raw = createClient({ url: `file:${dir}/test.db` });
    try {
      assert.equal((await raw.execute("PRAGMA journal_mode")).rows[0].journal_mode, "wal");
    } finally {
      raw.close();
    }
  });
});

Deno.test("db - write serialises 50 concurrent transactions without SQLITE_BUSY", async () => {
  await withDb(async (db) => {
    const now = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        db.write(async (tx) => {
          // A read, a yield, then a write: overlapping transactions would collide here.
          const before = await tx.select().from(schema.mailOutbox);
          await new Promise((r) => setTimeout(r, 0));
          await tx.insert(schema.mailOutbox).values({
            toAddress: `user${i}@example.com`,
            subject: `#${before.length}`,
            textBody: "x",
            createdAt: now,
          });
          return before.length;
        })),
    );
    const failures = results.filter((r) => r.status === "rejected");
    assert.deepEqual(failures, []);
    const rows = await db.orm.select().from(schema.mailOutbox);
    assert.equal(rows.length, 50);
    // Serialised: each transaction saw all the earlier ones, so every count is distinct.
    assert.deepEqual(
      rows.map((r) => Number(r.subject.slice(1))).sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i),
    );
  });
});

Deno.test("db - a failing transaction rolls back and does not block the next", async () => {
  await withDb(async (db) => {
    await assert.rejects(
      db.write(async (tx) => {
        await tx.insert(schema.mailOutbox).values({
          toAddress: "a@example.com",
          subject: "s",
          textBody: "t",
          createdAt: 0,
        });
        throw new Error("boom");
      }),
      /boom/,
    );
    await db.write((tx) =>
      tx.insert(schema.mailOutbox).values({
        toAddress: "b@example.com",
        subject: "s",
        textBody: "t",
        createdAt: 0,
      })
    );
    const rows = await db.orm.select().from(schema.mailOutbox);
    assert.deepEqual(rows.map((r) => r.toAddress), ["b@example.com"]);
  });
});
