/** Shared set-up for the real-time tests: signed-in users and conversations made over REST. */
import assert from "node:assert/strict";
import type { ConversationSummaryView } from "@/lib/schemas/chat.ts";
import { registerUser, type TestClient, type TestServer } from "../helpers/server.ts";

export interface Person {
  id: string;
  name: string;
  client: TestClient;
}

export async function person(
  server: TestServer,
  name: string,
  role: "client" | "worker" = "worker",
): Promise<Person> {
  const { user, client } = await registerUser(server, { displayName: name, role });
  return { id: user.id, name, client };
}

export async function openDm(a: Person, b: Person): Promise<ConversationSummaryView> {
  const res = await a.client.json("POST", "/api/v1/conversations", { userId: b.id });
  assert.ok(res.status === 201 || res.status === 200, JSON.stringify(res.body));
  return res.body;
}

let counter = 0;
/** A fresh clientMsgId. */
export function msgId(prefix = "m"): string {
  return `${prefix}-${++counter}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Rows of a table matching a SQL condition (tests read the database directly to prove it). */
export async function countRows(server: TestServer, sql: string, args: (string | number)[] = []) {
  const r = await server.deps.db.client.execute({ sql, args });
  return Number(r.rows[0][0]);
}
