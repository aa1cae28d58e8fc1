import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { apiClient } from "../helpers/api.ts";
import { setUserStatus } from "../helpers/db.ts";
import { accessClaims, craftJwt, decodeJwtPayload } from "../helpers/jwt.ts";
import { assertProblem } from "../helpers/problems.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";

const SECRET = "integration-test-secret-0123456789abcdef";
const ME = "/api/v1/users/me";

Deno.test("access token - a valid bearer token is accepted", async () => {
  await using server = await startTestServer({ env: { JWT_SECRET: SECRET } });
  const { tokens } = await registerUser(server);
  assert.equal((await apiClient(server, tokens.accessToken).json("GET", ME)).status, 200);
});

Deno.test("access token - expired, forged, alg:none and other-alg tokens answer 401", async () => {
  await using server = await startTestServer({ env: { JWT_SECRET: SECRET } });
  const { tokens } = await registerUser(server);
  const { sub, sid } = decodeJwtPayload(tokens.accessToken) as { sub: string; sid: string };
  const claims = accessClaims(sub, sid);
  const iat = Math.floor(Date.now() / 1000) - 3600;
  const bad: Record<string, string> = {
    expired: await craftJwt({ alg: "HS256" }, { ...claims, iat, exp: iat + 900 }, SECRET),
    forged: await craftJwt({ alg: "HS256" }, claims, "some-other-secret-that-is-long-enough"),
    "alg none": await craftJwt({ alg: "none", typ: "JWT" }, claims),
    HS512: await craftJwt({ alg: "HS512" }, claims, SECRET),
    "wrong audience": await craftJwt({ alg: "HS256" }, { ...claims, aud: "other" }, SECRET),
    "other user": await craftJwt({ alg: "HS256" }, { ...claims, sub: "someone-else" }, SECRET),
    "unknown session": await craftJwt({ alg: "HS256" }, { ...claims, sid: "nope" }, SECRET),
    garbage: "not.a.token",
    "tampered signature": tokens.accessToken.slice(0, -4) + "AAAA",
  };
  // The control: the same crafting with the right key and claims is accepted.
  const good = await craftJwt({ alg: "HS256" }, claims, SECRET);
  assert.equal((await apiClient(server, good).json("GET", ME)).status, 200);
  for (const [name, token] of Object.entries(bad)) {
    const res = await apiClient(server, token).json("GET", ME);
    assertProblem(res, 401, "unauthenticated");
    assert.ok(res.status === 401, name);
    // The same token in the cookie is just as useless.
    const browser = server.client();
    browser.cookies.set("wm_access", token);
    assertProblem(await browser.json("GET", ME), 401, "unauthenticated");
  }
});

Deno.test("access token - expires after 15 minutes on the server's clock", async () => {
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const { tokens } = await registerUser(server);
  clock.advance(14 * 60_000);
  assert.equal((await apiClient(server, tokens.accessToken).json("GET", ME)).status, 200);
  clock.advance(2 * 60_000);
  assertProblem(
    await apiClient(server, tokens.accessToken).json("GET", ME),
    401,
    "unauthenticated",
  );
});

Deno.test("access token - a malformed Authorization header is not a cookie fallback", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  const res = await client.json("GET", ME, undefined, { authorization: "Basic abc" });
  assertProblem(res, 401, "unauthenticated");
});

Deno.test("account status - a banned user's access and refresh tokens stop working", async () => {
  await using server = await startTestServer();
  const { tokens, user, client } = await registerUser(server);
  await setUserStatus(server, user.id, "banned");
  assertProblem(
    await apiClient(server, tokens.accessToken).json("GET", ME),
    401,
    "unauthenticated",
  );
  assertProblem(await client.json("GET", ME), 401, "unauthenticated");
  const refresh = await apiClient(server).json("POST", "/api/v1/auth/refresh", {
    refreshToken: tokens.refreshToken,
  });
  assertProblem(refresh, 401, "invalid-token");
  assertProblem(await apiClient(server).json("GET", `/api/v1/users/${user.id}`), 404, "not-found");
});

Deno.test("account status - a deleted user's tokens stop working and the profile is gone", async () => {
  await using server = await startTestServer();
  const { tokens, user } = await registerUser(server);
  await setUserStatus(server, user.id, "deleted");
  assertProblem(
    await apiClient(server, tokens.accessToken).json("GET", ME),
    401,
    "unauthenticated",
  );
  const refresh = await apiClient(server).json("POST", "/api/v1/auth/refresh", {
    refreshToken: tokens.refreshToken,
  });
  assertProblem(refresh, 401, "invalid-token");
  assertProblem(await apiClient(server).json("GET", `/api/v1/users/${user.id}`), 404, "not-found");
});

Deno.test("account status - a banned user cannot reset their way back in", async () => {
  await using server = await startTestServer();
  const { creds, user } = await registerUser(server);
  await setUserStatus(server, user.id, "banned");
  const res = await apiClient(server).json("POST", "/api/v1/auth/password/forgot", {
    email: creds.email,
  });
  assert.equal(res.status, 202);
  assert.deepEqual(
    (await server.mails(creds.email)).map((m) => m.subject),
    ["Confirm your email for WorkMate"],
  );
});
