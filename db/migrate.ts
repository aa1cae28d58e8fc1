/**
 * Applies db/migrations/NNNN_name.sql in order, each once, each in its own transaction.
 * Hand-written SQL (reviewed like code) rather than drizzle-kit output: drizzle-kit needs Node
 * tooling this project does not otherwise carry; db/schema_test.ts keeps schema.ts in step.
 */
import type { Client } from "@libsql/client";

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

export interface Migration {
  name: string;
  sql: string;
}

export async function readMigrations(): Promise<Migration[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(MIGRATIONS_DIR)) {
    if (entry.isFile && /^\d{4}_[a-z0-9_]+\.sql$/.test(entry.name)) names.push(entry.name);
  }
  names.sort();
  return await Promise.all(
    names.map(async (name) => ({
      name,
      sql: await Deno.readTextFile(new URL(name, MIGRATIONS_DIR)),
    })),
  );
}

/** Returns the names of the migrations it applied. */
export async function applyMigrations(client: Client): Promise<string[]> {
  await client.execute(
    "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)",
  );
  const applied = new Set(
    (await client.execute("SELECT name FROM _migrations")).rows.map((r) => String(r.name)),
  );
  const done: string[] = [];
  for (const migration of await readMigrations()) {
    if (applied.has(migration.name)) continue;
    const tx = await client.transaction("write");
    try {
      // Another instance sharing the file may have applied it while we waited for the lock.
      const again = await tx.execute({
        sql: "SELECT 1 FROM _migrations WHERE name = ?",
        args: [migration.name],
      });
      if (again.rows.length === 0) {
        await tx.executeMultiple(migration.sql);
        await tx.execute({
          sql: "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
          args: [migration.name, Date.now()],
        });
        done.push(migration.name);
      }
      await tx.commit();
    } finally {
      tx.close();
    }
  }
  return done;
}
