/** Snapshots of the marketplace tables, to prove that a refused request changed nothing. */
import assert from "node:assert/strict";
import type { TestServer } from "../helpers/server.ts";

const TABLES = [
  "jobs",
  "attachments",
  "uploads",
  "proposals",
  "saved_searches",
  "notifications",
  "background_jobs",
];

async function snapshot(server: TestServer): Promise<string> {
  const out: unknown[] = [];
  for (const t of TABLES) {
    out.push((await server.deps.db.client.execute(`SELECT * FROM ${t} ORDER BY rowid`)).rows);
  }
  return JSON.stringify(out, (_k, v) => typeof v === "bigint" ? String(v) : v);
}

export async function assertNoJobChanges<T>(server: TestServer, fn: () => Promise<T>): Promise<T> {
  const before = await snapshot(server);
  const result = await fn();
  assert.equal(await snapshot(server), before, "marketplace tables changed");
  return result;
}
