/**
 * Helpers for the proposal / contract / payment tests: an open job inserted directly (the jobs
 * API has its own tests), a hire driven through the real API, a whole-database snapshot so a
 * refused request provably changed no row in any table, and ledger checks.
 */
import assert from "node:assert/strict";
import { jobs } from "@/db/schema_marketplace.ts";
import { setAdmin } from "@/server/auth/users.ts";
import { registerUser, type TestClient, type TestServer } from "../helpers/server.ts";

export const DAY = 86_400_000;
export const COVER = "I have assembled many wardrobes like this one; two hours, tools included.";

/** Inserts a published, open job for `clientId` and returns its id. */
export async function insertOpenJob(
  server: TestServer,
  clientId: string,
  over: Partial<typeof jobs.$inferInsert> = {},
): Promise<string> {
  const now = server.deps.clock.now();
  const id = crypto.randomUUID();
  await server.deps.db.write((tx) =>
    tx.insert(jobs).values({
      id,
      clientId,
      title: "Assemble a wardrobe",
      description: "A PAX wardrobe, two doors, in a flat in Leeds.",
      category: "home",
      skills: ["assembly"],
      budgetType: "fixed",
      budgetMinMinor: 8_000,
      budgetMaxMinor: 12_000,
      currency: "EUR",
      isRemote: true,
      status: "open",
      publishedAt: now,
      createdAt: now,
      updatedAt: now,
      ...over,
    })
  );
  return id;
}

export interface Party {
  client: TestClient;
  id: string;
  name: string;
}

export async function party(server: TestServer, role: "client" | "worker"): Promise<Party> {
  const { client, user } = await registerUser(server, { role });
  return { client, id: user.id, name: user.displayName };
}

/** A client, a worker and an open job of the client's. */
export async function marketplace(server: TestServer, jobOver = {}) {
  const client = await party(server, "client");
  const worker = await party(server, "worker");
  const jobId = await insertOpenJob(server, client.id, jobOver);
  return { client, worker, jobId };
}

export function quote(amountMinor = 10_000, extra: Record<string, unknown> = {}) {
  return {
    kind: "quote",
    amount: { amountMinor, currency: "EUR" },
    durationDays: 3,
    coverLetter: COVER,
    ...extra,
  };
}

/** Worker quotes, client accepts: returns the contract and its first milestone. */
export async function hire(
  server: TestServer,
  opts: { paymentMode?: "escrow" | "direct"; amountMinor?: number } = {},
) {
  const m = await marketplace(server);
  const sent = await m.worker.client.json(
    "POST",
    `/api/v1/jobs/${m.jobId}/proposals`,
    quote(opts.amountMinor),
  );
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const accepted = await m.client.client.json(
    "POST",
    `/api/v1/proposals/${sent.body.id}/accept`,
    opts.paymentMode ? { paymentMode: opts.paymentMode } : {},
  );
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  const contractId: string = accepted.body.contractId;
  const contract = await getContract(m.client.client, contractId);
  return {
    ...m,
    proposalId: sent.body.id as string,
    contractId,
    milestoneId: contract.milestones[0].id as string,
  };
}

export async function getContract(client: TestClient, id: string) {
  const res = await client.json("GET", `/api/v1/contracts/${id}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** POST /api/v1/milestones/:id/<action>, asserting the status. */
export async function act(
  client: TestClient,
  milestoneId: string,
  action: string,
  body: unknown = {},
  status = 200,
) {
  const res = await client.json("POST", `/api/v1/milestones/${milestoneId}/${action}`, body);
  assert.equal(res.status, status, `${action}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function makeAdmin(server: TestServer): Promise<Party> {
  const { client, user, creds } = await registerUser(server, { role: "client" });
  await server.deps.db.write((tx) => setAdmin(tx, creds.email, true));
  return { client, id: user.id, name: user.displayName };
}

async function tableNames(server: TestServer): Promise<string[]> {
  const r = await server.deps.db.client.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' " +
      "AND name NOT LIKE '%_fts%' ORDER BY name",
  );
  return r.rows.map((row) => String(row.name));
}

/** Every row of every table (FTS shadow tables aside), as one comparable string per table. */
export async function snapshotAll(server: TestServer): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await tableNames(server)) {
    const r = await server.deps.db.client.execute(`SELECT * FROM "${t}" ORDER BY rowid`);
    out[t] = JSON.stringify(r.rows, (_k, v) => typeof v === "bigint" ? String(v) : v);
  }
  return out;
}

/** Runs `fn` and asserts that no row of any table changed. */
export async function assertNoRowsChange<T>(
  server: TestServer,
  fn: () => Promise<T>,
  label = "",
): Promise<T> {
  const before = await snapshotAll(server);
  const result = await fn();
  const after = await snapshotAll(server);
  for (const t of Object.keys(before)) {
    assert.equal(after[t], before[t], `table ${t} changed ${label}`);
  }
  return result;
}

/** Every ledger transaction sums to zero per currency; returns each account's balance. */
export async function assertLedgerBalanced(server: TestServer) {
  const r = await server.deps.db.client.execute(
    "SELECT txn_id, currency, sum(amount_minor) AS s, count(*) AS n FROM ledger_entries " +
      "GROUP BY txn_id, currency",
  );
  for (const row of r.rows) {
    assert.equal(Number(row.s), 0, `ledger txn ${row.txn_id} sums to ${row.s}`);
  }
  const b = await server.deps.db.client.execute(
    "SELECT account, currency, sum(amount_minor) AS s FROM ledger_entries GROUP BY account, currency",
  );
  const balances: Record<string, number> = {};
  for (const row of b.rows) balances[String(row.account)] = Number(row.s);
  return balances;
}

export async function notificationsOf(server: TestServer, userId: string) {
  const r = await server.deps.db.client.execute({
    sql:
      "SELECT type, title, body, link FROM notifications WHERE user_id = ? ORDER BY created_at, rowid",
    args: [userId],
  });
  return r.rows.map((row) => ({
    type: String(row.type),
    title: String(row.title),
    body: String(row.body),
    link: row.link === null ? null : String(row.link),
  }));
}

export async function jobStatus(server: TestServer, jobId: string) {
  const r = await server.deps.db.client.execute({
    sql: "SELECT status FROM jobs WHERE id = ?",
    args: [jobId],
  });
  return String(r.rows[0].status);
}

/** New access tokens after the manual clock moved past their 15 minutes (refresh cookie). */
export async function refreshSessions(...clients: TestClient[]) {
  for (const client of clients) {
    const res = await client.json("POST", "/api/v1/auth/refresh", {});
    assert.equal(res.status, 200, `refresh: ${JSON.stringify(res.body)}`);
  }
}
