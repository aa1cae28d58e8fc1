import assert from "node:assert/strict";
import { CLOSE } from "@/lib/chat_protocol.ts";
import { setAdmin } from "@/server/auth/users.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";
import { connectAs } from "../helpers/ws.ts";
import { assertNothingChanges } from "../helpers/db.ts";

async function admin(server: TestServer) {
  const u = await registerUser(server, { role: "client" });
  await server.deps.db.write((tx) => setAdmin(tx, u.creds.email, true));
  return u;
}

Deno.test("admin ban - ends the user's API access, refresh, login and live sockets at once", async () => {
  await using server = await startTestServer();
  const boss = await admin(server);
  const target = await registerUser(server, { role: "worker" });
  const socket = await connectAs(server, target.client);

  const res = await boss.client.json("POST", `/api/v1/admin/users/${target.user.id}/ban`, {});
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { userId: target.user.id, status: "banned" });

  assert.equal(await socket.closeCode(), CLOSE.banned);
  assert.equal((await target.client.json("GET", "/api/v1/users/me")).status, 401);
  const refresh = await server.client().json("POST", "/api/v1/auth/refresh", {
    refreshToken: target.tokens.refreshToken,
  });
  assert.equal(refresh.status, 401);
  const login = await server.client().json("POST", "/api/v1/auth/login", {
    email: target.creds.email,
    password: target.creds.password,
  });
  assert.equal(login.status, 403);
  assert.match(login.body.type, /account-suspended$/);

  const lifted = await boss.client.json("DELETE", `/api/v1/admin/users/${target.user.id}/ban`, {});
  assert.deepEqual(lifted.body, { userId: target.user.id, status: "active" });
  const again = await server.client().json("POST", "/api/v1/auth/login", {
    email: target.creds.email,
    password: target.creds.password,
  });
  assert.equal(again.status, 200);
});

Deno.test("admin ban - only admins, never yourself, unknown users are 404, and nothing changes", async () => {
  await using server = await startTestServer();
  const boss = await admin(server);
  const target = await registerUser(server, { role: "worker" });
  const other = await registerUser(server, { role: "client" });
  const cases: [ReturnType<typeof server.client>, string, number][] = [
    [other.client, `/api/v1/admin/users/${target.user.id}/ban`, 403],
    [boss.client, `/api/v1/admin/users/${boss.user.id}/ban`, 409],
    [boss.client, `/api/v1/admin/users/${crypto.randomUUID()}/ban`, 404],
  ];
  for (const [client, path, status] of cases) {
    const res = await assertNothingChanges(server, () => client.json("POST", path, {}), path);
    assert.equal(res.status, status, path);
  }
  const extra = await boss.client.json("POST", `/api/v1/admin/users/${target.user.id}/ban`, {
    reason: "spam",
  });
  assert.equal(extra.status, 422, "unknown fields are refused");
  assert.equal((await target.client.json("GET", "/api/v1/users/me")).status, 200);
});
