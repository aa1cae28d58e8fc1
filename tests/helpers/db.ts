/**
 * Database helpers for integration tests: row counts to prove a refused request changed
 * nothing, and direct edits for states the API cannot reach (banned, deleted).
 */
import assert from "node:assert/strict";
import type { TestServer } from "./server.ts";

export const TABLES = [
  "users",
  "sessions",
  "refresh_tokens",
  "email_tokens",
  "background_jobs",
  "mail_outbox",
] as const;
export type Counts = Record<(typeof TABLES)[number], number>;

/** Rows per table, plus a digest of the mutable columns so updates show up too. */
export async function snapshot(server: TestServer): Promise<Counts & { digest: string }> {
  const { client } = server.deps.db;
  const counts = {} as Counts;
  for (const t of TABLES) {
    counts[t] = Number((await client.execute(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
  }
  const rows = await Promise.all([
    client.execute("SELECT * FROM users ORDER BY id"),
    client.execute("SELECT * FROM sessions ORDER BY id"),
    client.execute("SELECT * FROM refresh_tokens ORDER BY token_hash"),
    client.execute("SELECT * FROM email_tokens ORDER BY token_hash"),
    client.execute("SELECT * FROM background_jobs ORDER BY id"),
  ]);
  const digest = JSON.stringify(
    rows.map((r) => r.rows),
    (_k, v) => typeof v === "bigint" ? String(v) : v,
  );
  return { ...counts, digest };
}

/** Runs `fn` and asserts that no table changed (counts and contents). */
export async function assertNothingChanges<T>(
  server: TestServer,
  fn: () => Promise<T>,
  label = "",
): Promise<T> {
  const before = await snapshot(server);
  const result = await fn();
  const after = await snapshot(server);
  const { digest: d1, ...c1 } = before;
  const { digest: d2, ...c2 } = after;
  assert.deepEqual(c2, c1, `row counts changed ${label}`);
  assert.equal(d2, d1, `row contents changed ${label}`);
  return result;
}

export async function countRows(server: TestServer, table: (typeof TABLES)[number]) {
  const r = await server.deps.db.client.execute(`SELECT count(*) AS n FROM ${table}`);
  return Number(r.rows[0].n);
}

export async function setUserStatus(
  server: TestServer,
  userId: string,
  status: "active" | "banned" | "deleted",
) {
  await server.deps.db.client.execute({
    sql: "UPDATE users SET status = ? WHERE id = ?",
    args: [status, userId],
  });
}

export async function tableExists(server: TestServer, name: string): Promise<boolean> {
  const r = await server.deps.db.client.execute({
    sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
    args: [name],
  });
  return r.rows.length === 1;
}
