/**
 * Helpers for the social tests: a client and a worker signed in, direct edits for states the
 * API cannot reach (admin, verified email), and a snapshot of the social tables to prove that
 * a refused request changed nothing.
 */
import assert from "node:assert/strict";
import { registerUser, type TestServer } from "../helpers/server.ts";

export async function clientAndWorker(server: TestServer) {
  const client = await registerUser(server, { role: "client", displayName: "Cleo Client" });
  const worker = await registerUser(server, { role: "worker", displayName: "Walt Worker" });
  return { client, worker };
}

export async function execSql(server: TestServer, sql: string, args: (string | number)[] = []) {
  return await server.deps.db.client.execute({ sql, args });
}

export async function makeAdmin(server: TestServer, userId: string) {
  await execSql(server, "UPDATE users SET is_admin = 1 WHERE id = ?", [userId]);
}

export async function confirmEmail(server: TestServer, userId: string) {
  await execSql(server, "UPDATE users SET email_verified_at = ? WHERE id = ?", [
    server.deps.clock.now(),
    userId,
  ]);
}

const SOCIAL_TABLES = [
  "reviews",
  "client_notes",
  "portfolio_items",
  "certifications",
  "notifications",
  "attachments",
  "users",
] as const;

/** Every row of the social tables (and users), as one comparable string. */
export async function socialSnapshot(server: TestServer): Promise<string> {
  const parts: unknown[] = [];
  for (const t of SOCIAL_TABLES) {
    parts.push((await execSql(server, `SELECT * FROM ${t} ORDER BY rowid`)).rows);
  }
  return JSON.stringify(parts, (_k, v) => typeof v === "bigint" ? String(v) : v);
}

/** Runs `fn` and asserts the social tables (and users) did not change. */
export async function assertSocialUnchanged<T>(
  server: TestServer,
  fn: () => Promise<T>,
  label = "",
): Promise<T> {
  const before = await socialSnapshot(server);
  const result = await fn();
  assert.equal(await socialSnapshot(server), before, `social tables changed ${label}`);
  return result;
}

export async function countWhere(
  server: TestServer,
  table: string,
  where = "1",
  args: string[] = [],
) {
  const r = await execSql(server, `SELECT count(*) AS n FROM ${table} WHERE ${where}`, args);
  return Number(r.rows[0].n);
}
