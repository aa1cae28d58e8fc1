import assert from "node:assert/strict";
import { assertNothingChanges } from "../helpers/db.ts";
import { assertProblem } from "../helpers/problems.ts";
import { apiClient } from "../helpers/api.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";

const REFRESH = "/api/v1/auth/refresh";

Deno.test("refresh - a refresh token rotates into new tokens", async () => {
  await using server = await startTestServer();
  const { tokens } = await registerUser(server);
  const api = apiClient(server);
  const res = await api.json("POST", REFRESH, { refreshToken: tokens.refreshToken });
  assert.equal(res.status, 200);
  assert.notEqual(res.body.refreshToken, tokens.refreshToken);
  api.bearer = res.body.accessToken;
  assert.equal((await api.json("GET", "/api/v1/users/me")).status, 200);
});

Deno.test("refresh - the refresh cookie works without a body", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  const before = client.cookies.get("wm_refresh");
  const res = await client.json("POST", REFRESH);
  assert.equal(res.status, 200);
  assert.notEqual(client.cookies.get("wm_refresh"), before);
});

Deno.test("refresh - reusing a rotated token revokes the whole session", async () => {
  await using server = await startTestServer();
  const { tokens } = await registerUser(server);
  const api = apiClient(server);
  const first = await api.json("POST", REFRESH, { refreshToken: tokens.refreshToken });
  assert.equal(first.status, 200);
  // The stolen, already-rotated token is replayed…
  const replay = await api.json("POST", REFRESH, { refreshToken: tokens.refreshToken });
  assertProblem(replay, 401, "invalid-token");
  // …so the legitimate holder's newer token and access token stop working too.
  const newer = await api.json("POST", REFRESH, { refreshToken: first.body.refreshToken });
  assertProblem(newer, 401, "invalid-token");
  const me = await api.json("GET", "/api/v1/users/me", undefined, {
    authorization: `Bearer ${first.body.accessToken}`,
  });
  assertProblem(me, 401, "unauthenticated");
  const row = await server.deps.db.client.execute("SELECT revoked_reason FROM sessions");
  assert.equal(row.rows[0].revoked_reason, "refresh-token-reuse");
});

Deno.test("refresh - unknown, empty and missing tokens answer 401 and change nothing", async () => {
  await using server = await startTestServer();
  await registerUser(server);
  const api = apiClient(server);
  for (const body of [{ refreshToken: "nope" }, {}, undefined]) {
    const res = await assertNothingChanges(server, () => api.json("POST", REFRESH, body));
    assertProblem(res, 401, "invalid-token");
  }
  const empty = await api.json("POST", REFRESH, { refreshToken: "" });
  assertProblem(empty, 422, "validation");
});

Deno.test("refresh - an expired refresh token is refused", async () => {
  const { createManualClock } = await import("@/server/clock.ts");
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const { tokens } = await registerUser(server);
  clock.advance(31 * 24 * 3600_000);
  const res = await apiClient(server).json("POST", REFRESH, {
    refreshToken: tokens.refreshToken,
  });
  assertProblem(res, 401, "invalid-token");
});

Deno.test("logout - revokes the session: access and refresh tokens stop working", async () => {
  await using server = await startTestServer();
  const { client, tokens } = await registerUser(server);
  const out = await client.json("POST", "/api/v1/auth/logout");
  assert.equal(out.status, 200);
  assert.deepEqual(out.body, { ok: true });
  assert.equal(client.cookies.size, 0, "cookies cleared");
  const api = apiClient(server);
  api.bearer = tokens.accessToken;
  assertProblem(await api.json("GET", "/api/v1/users/me"), 401, "unauthenticated");
  api.bearer = undefined;
  assertProblem(
    await api.json("POST", REFRESH, { refreshToken: tokens.refreshToken }),
    401,
    "invalid-token",
  );
});

Deno.test("logout - with only a refresh token in the body revokes that session", async () => {
  await using server = await startTestServer();
  const { tokens } = await registerUser(server);
  const api = apiClient(server);
  assert.equal(
    (await api.json("POST", "/api/v1/auth/logout", { refreshToken: tokens.refreshToken })).status,
    200,
  );
  api.bearer = tokens.accessToken;
  assertProblem(await api.json("GET", "/api/v1/users/me"), 401, "unauthenticated");
});

Deno.test("logout - signing out one session leaves the others signed in", async () => {
  await using server = await startTestServer();
  const { client, creds } = await registerUser(server);
  const other = server.client();
  assert.equal(
    (await other.json("POST", "/api/v1/auth/login", {
      email: creds.email,
      password: creds.password,
    })).status,
    200,
  );
  assert.equal((await client.json("POST", "/api/v1/auth/logout")).status, 200);
  assert.equal((await other.json("GET", "/api/v1/users/me")).status, 200);
});

Deno.test("refresh - a page navigation with an expired access cookie renews it from the refresh cookie", async () => {
  const { createManualClock } = await import("@/server/clock.ts");
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const { client } = await registerUser(server);
  const oldRefresh = client.cookies.get("wm_refresh");
  clock.advance(16 * 60_000);
  assertProblem(await client.json("GET", "/api/v1/users/me"), 401, "unauthenticated");
  const page = await client.request("GET", "/", undefined, { accept: "text/html" });
  assert.equal(page.status, 200);
  await page.body?.cancel();
  assert.notEqual(client.cookies.get("wm_refresh"), oldRefresh, "rotated");
  assert.equal((await client.json("GET", "/api/v1/users/me")).status, 200);
});
