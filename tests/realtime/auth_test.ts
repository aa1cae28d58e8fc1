import assert from "node:assert/strict";
import { CLOSE } from "@/lib/chat_protocol.ts";
import { accessClaims, craftJwt } from "../helpers/jwt.ts";
import { apiClient } from "../helpers/api.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";
import { accessTokenOf, connectAs, connectWs, rawUpgrade } from "../helpers/ws.ts";
import { openDm, person } from "./setup.ts";

async function quickAuthServer(): Promise<TestServer> {
  const server = await startTestServer();
  server.deps.gateway.settings.authTimeoutMs = 150;
  return server;
}

Deno.test("ws auth - no credentials: closed with 4401 after the auth timeout", async () => {
  await using server = await quickAuthServer();
  const ws = await connectWs(server, { waitAuthenticated: false });
  const started = performance.now();
  assert.equal(await ws.closeCode(), CLOSE.unauthenticated);
  assert.ok(performance.now() - started < 1000);
  assert.equal(ws.all("authenticated").length, 0);
});

Deno.test("ws auth - frames before authenticating are not handled, only kept", async () => {
  await using server = await quickAuthServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const ws = await connectWs(server, { waitAuthenticated: false, origin: null });
  ws.send({ type: "send_message", conversationId: dm.id, clientMsgId: "early", content: "hi" });
  assert.equal(await ws.closeCode(), CLOSE.unauthenticated);
  assert.deepEqual(ws.frames.map((f) => f.type), []);
  const n = await server.deps.db.client.execute("SELECT count(*) FROM messages");
  assert.equal(Number(n.rows[0][0]), 0);
});

Deno.test("ws auth - bad, expired and forged tokens close with 4401", async () => {
  await using server = await quickAuthServer();
  const { user, tokens } = await registerUser(server);
  const sessionId =
    JSON.parse(atob(tokens.accessToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).sid;
  const secret = server.deps.config.JWT_SECRET;
  const expired = await craftJwt(
    { alg: "HS256", typ: "JWT" },
    accessClaims(user.id, sessionId, Date.now() - 3600_000),
    secret,
  );
  const forged = await craftJwt(
    { alg: "HS256", typ: "JWT" },
    accessClaims(user.id, sessionId),
    "not the server's secret, but long enough to look real",
  );
  const unsigned = await craftJwt({ alg: "none" }, accessClaims(user.id, sessionId));
  for (
    const [label, token] of [["junk", "junk"], ["expired", expired], ["forged", forged], [
      "alg none",
      unsigned,
    ]]
  ) {
    for (const how of ["first frame", "bearer", "cookie"] as const) {
      const ws = await connectWs(server, {
        waitAuthenticated: false,
        ...(how === "first frame"
          ? { token }
          : how === "bearer"
          ? { bearer: token }
          : { cookie: token }),
      });
      assert.equal(await ws.closeCode(), CLOSE.unauthenticated, `${label} via ${how}`);
      assert.equal(ws.all("authenticated").length, 0, `${label} via ${how}`);
    }
  }
  // The real token works every way.
  for (
    const opts of [{ token: tokens.accessToken }, { bearer: tokens.accessToken }, {
      cookie: tokens.accessToken,
    }]
  ) {
    const ws = await connectWs(server, opts);
    assert.equal(ws.authenticated!.userId, user.id);
    await ws.close();
  }
});

Deno.test("ws auth - a foreign Origin is refused with 403 before the upgrade", async () => {
  await using server = await quickAuthServer();
  const { client } = await registerUser(server);
  const token = accessTokenOf(client);
  for (const origin of ["https://evil.example", "null", `${server.url}.evil.example`]) {
    const { status, conn } = await rawUpgrade(server, {
      Origin: origin,
      Cookie: `wm_access=${token}`,
    });
    assert.equal(status, 403, origin);
    conn.close();
  }
  const ok = await rawUpgrade(server, { Origin: server.url, Cookie: `wm_access=${token}` });
  assert.equal(ok.status, 101);
  ok.conn.close();
  await assert.rejects(connectWs(server, { origin: "https://evil.example", cookie: token }));
});

Deno.test("ws auth - without an Origin the cookie is ignored; a bearer token is needed", async () => {
  await using server = await quickAuthServer();
  const { client, tokens } = await registerUser(server);
  const viaCookie = await connectWs(server, {
    origin: null,
    cookie: accessTokenOf(client),
    waitAuthenticated: false,
  });
  assert.equal(await viaCookie.closeCode(), CLOSE.unauthenticated);
  const api = apiClient(server, tokens.accessToken);
  assert.ok(api.bearer);
  const viaBearer = await connectWs(server, { origin: null, bearer: tokens.accessToken });
  assert.ok(viaBearer.authenticated);
  await viaBearer.close();
  const viaFrame = await connectWs(server, { origin: null, token: tokens.accessToken });
  assert.ok(viaFrame.authenticated);
  // Authenticating twice is refused; the socket stays open.
  viaFrame.send({ type: "authenticate", token: tokens.accessToken });
  assert.equal((await viaFrame.next("error")).code, "bad_frame");
  assert.ok(viaFrame.isOpen);
  await viaFrame.close();
});

Deno.test("ws auth - a plain GET /ws is a 400, not an upgrade", async () => {
  await using server = await quickAuthServer();
  const res = await fetch(server.url + "/ws");
  assert.equal(res.status, 400);
  await res.body?.cancel();
});

Deno.test("ws auth - banned accounts: refused with 4503, and live sockets closed on user.banned", async () => {
  await using server = await quickAuthServer();
  const ana = await person(server, "Ana");
  const live = await connectAs(server, ana.client);
  const token = accessTokenOf(ana.client);
  await server.deps.db.client.execute({
    sql: "UPDATE users SET status = 'banned' WHERE id = ?",
    args: [ana.id],
  });
  await server.deps.bus.publish(`user:${ana.id}`, { type: "user.banned", userId: ana.id });
  assert.equal(await live.closeCode(), CLOSE.banned);
  const again = await connectWs(server, { cookie: token, waitAuthenticated: false });
  assert.equal(await again.closeCode(), CLOSE.banned);
});

Deno.test("ws auth - a password change closes the other sessions' sockets with 4501", async () => {
  await using server = await quickAuthServer();
  const { client, creds } = await registerUser(server);
  const other = server.client();
  const login = await other.json("POST", "/api/v1/auth/login", {
    email: creds.email,
    password: creds.password,
  });
  assert.equal(login.status, 200);
  const mine = await connectAs(server, client);
  const theirs = await connectAs(server, other);
  const res = await client.json("POST", "/api/v1/auth/password/change", {
    currentPassword: creds.password,
    newPassword: "another long enough password",
  });
  assert.equal(res.status, 200);
  assert.equal(await theirs.closeCode(), CLOSE.sessionRevoked);
  // The session that made the change keeps its socket.
  mine.send({ type: "ping", t: 1 });
  await mine.next("pong");
  assert.ok(mine.isOpen);
  await mine.close();
});

Deno.test("ws auth - stopping the server closes sockets with 1012", async () => {
  const server = await startTestServer();
  const ana = await person(server, "Ana");
  const ws = await connectAs(server, ana.client);
  const stopped = server.stop();
  assert.equal(await ws.closeCode(), CLOSE.restart);
  await stopped;
});

Deno.test("ws auth - a connect storm queues for authentication instead of timing out", async () => {
  await using server = await startTestServer();
  // One authentication at a time and a timeout far shorter than the queue: the timeout is for
  // clients that never present a token, not for the server's own backlog.
  server.deps.gateway.settings.authConcurrency = 1;
  server.deps.gateway.settings.authTimeoutMs = 20;
  const { tokens } = await registerUser(server);
  const storm = await Promise.all(
    Array.from({ length: 40 }, () => connectWs(server, { bearer: tokens.accessToken })),
  );
  try {
    for (const ws of storm) assert.ok(ws.isOpen && ws.authenticated);
    const anonymous = await connectWs(server, { waitAuthenticated: false });
    assert.equal(await anonymous.closeCode(), CLOSE.unauthenticated);
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    assert.match(metrics, /^ws_auth_seconds_count 40$/m);
    assert.match(metrics, /^ws_auth_waiting 0$/m);
  } finally {
    for (const ws of storm) ws.socket.close();
  }
});
