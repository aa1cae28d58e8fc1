import assert from "node:assert/strict";
import { apiClient } from "../helpers/api.ts";
import { assertNothingChanges } from "../helpers/db.ts";
import { assertProblem } from "../helpers/problems.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";

const ME = "/api/v1/users/me";

Deno.test("csrf - a cookie-authenticated POST from a foreign Origin is refused and changes nothing", async () => {
  await using server = await startTestServer();
  const { client, creds } = await registerUser(server);
  const attacks: Record<string, string>[] = [
    { origin: "https://evil.example" },
    { origin: "null" },
    { origin: server.url.replace("127.0.0.1", "localhost") },
  ];
  for (const headers of attacks) {
    const res = await assertNothingChanges(
      server,
      () =>
        client.json("POST", "/api/v1/auth/password/change", {
          currentPassword: creds.password,
          newPassword: "attacker chosen pw",
        }, headers),
      headers.origin,
    );
    assertProblem(res, 403, "csrf");
    const patch = await assertNothingChanges(
      server,
      () => client.json("PATCH", ME, { headline: "pwned" }, headers),
    );
    assertProblem(patch, 403, "csrf");
  }
  assert.equal((await client.json("GET", ME)).body.headline, "");
});

Deno.test("csrf - cookies without an Origin, or a cross-site Referer or fetch site, are refused", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  const noOrigin = server.client({ origin: null });
  for (const [k, v] of client.cookies) noOrigin.cookies.set(k, v);
  assertProblem(await noOrigin.json("PATCH", ME, { headline: "x" }), 403, "csrf");
  assertProblem(
    await noOrigin.json("PATCH", ME, { headline: "x" }, { referer: "https://evil.example/page" }),
    403,
    "csrf",
  );
  assertProblem(
    await noOrigin.json("PATCH", ME, { headline: "x" }, { "sec-fetch-site": "cross-site" }),
    403,
    "csrf",
  );
  const sameOriginReferer = await noOrigin.json("PATCH", ME, { headline: "ok" }, {
    referer: `${server.url}/settings`,
  });
  assert.equal(sameOriginReferer.status, 200);
});

Deno.test("csrf - a same-origin cookie POST works", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  const res = await client.json("PATCH", ME, { headline: "Same origin" });
  assert.equal(res.status, 200);
});

Deno.test("csrf - a bearer-authenticated POST with no Origin works", async () => {
  await using server = await startTestServer();
  const { tokens } = await registerUser(server);
  const res = await apiClient(server, tokens.accessToken).json("PATCH", ME, { headline: "API" });
  assert.equal(res.status, 200);
  assert.equal(res.body.headline, "API");
});

Deno.test("cookies - session cookies are HttpOnly, SameSite=Lax, Path=/ and not Secure on http", async () => {
  await using server = await startTestServer();
  const res = await server.client().request("POST", "/api/v1/auth/register", {
    email: "cookie@example.com",
    password: "a long enough password",
    displayName: "C",
    role: "client",
  });
  const cookies = res.headers.getSetCookie();
  assert.equal(cookies.length, 2);
  for (const name of ["wm_access", "wm_refresh"]) {
    const c = cookies.find((c) => c.startsWith(`${name}=`));
    assert.ok(c, name);
    assert.match(c, /;\s*HttpOnly/i);
    assert.match(c, /;\s*SameSite=Lax/i);
    assert.match(c, /;\s*Path=\/(;|$)/);
    assert.doesNotMatch(c, /;\s*Secure/i);
  }
});

Deno.test("cookies - Secure when APP_ORIGIN is https", async () => {
  await using server = await startTestServer({ env: { APP_ORIGIN: "https://workmate.example" } });
  const client = server.client({ origin: "https://workmate.example" });
  const res = await client.request("POST", "/api/v1/auth/register", {
    email: "secure@example.com",
    password: "a long enough password",
    displayName: "S",
    role: "client",
  });
  assert.equal(res.status, 201);
  const cookies = res.headers.getSetCookie();
  assert.equal(cookies.length, 2);
  for (const c of cookies) assert.match(c, /;\s*Secure/i);
  const out = await client.request("POST", "/api/v1/auth/logout");
  for (const c of out.headers.getSetCookie()) {
    assert.match(c, /Max-Age=0/i);
    assert.match(c, /;\s*Secure/i);
  }
});
