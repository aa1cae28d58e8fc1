import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { apiClient } from "../helpers/api.ts";
import { assertProblem } from "../helpers/problems.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const body = {
  register: () => ({
    email: `rl-${crypto.randomUUID().slice(0, 8)}@example.com`,
    password: "a long enough password",
    displayName: "R",
    role: "worker",
  }),
  login: () => ({ email: "nobody@example.com", password: "wrong password" }),
  email: () => ({ email: "nobody@example.com" }),
};

const CASES = [
  { path: "/api/v1/auth/register", limit: 5, windowMin: 60, body: body.register },
  { path: "/api/v1/auth/login", limit: 10, windowMin: 15, body: body.login },
  { path: "/api/v1/auth/resend-verification", limit: 3, windowMin: 5, body: body.email },
  { path: "/api/v1/auth/password/forgot", limit: 3, windowMin: 5, body: body.email },
];

async function exhaust(server: TestServer, ip: string, c: (typeof CASES)[number]) {
  const client = apiClient(server, undefined, ip);
  for (let i = 0; i < c.limit; i++) {
    const res = await client.request("POST", c.path, c.body());
    await res.body?.cancel();
    assert.notEqual(res.status, 429, `${c.path} attempt ${i + 1}`);
  }
  return client;
}

for (const c of CASES) {
  Deno.test(`rate limit - ${c.path} allows ${c.limit} per ${c.windowMin} min per IP`, async () => {
    const clock = createManualClock();
    await using server = await startTestServer({ clock });
    const client = await exhaust(server, "203.0.113.7", c);
    const refused = await client.json("POST", c.path, c.body());
    assertProblem(refused, 429, "rate-limited");
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter > 0 && retryAfter <= c.windowMin * 60, `Retry-After ${retryAfter}`);
    assert.equal(refused.body.retryAfter, retryAfter);
    // Another IP is unaffected.
    const other = await apiClient(server, undefined, "198.51.100.9").json(
      "POST",
      c.path,
      c.body(),
    );
    assert.notEqual(other.status, 429);
    // The window ends when Retry-After says.
    clock.advance(retryAfter * 1000);
    const later = await client.json("POST", c.path, c.body());
    assert.notEqual(later.status, 429);
  });
}

Deno.test("rate limit - X-Forwarded-For is ignored unless TRUST_PROXY is on", async () => {
  await using server = await startTestServer({ env: { TRUST_PROXY: "false" } });
  const c = CASES[2];
  for (let i = 0; i < c.limit; i++) {
    const res = await server.client({ origin: null }).request("POST", c.path, c.body());
    await res.body?.cancel();
  }
  // A new spoofed X-Forwarded-For does not buy a new allowance.
  const spoofed = await server.client({ ip: "192.0.2.55", origin: null }).json(
    "POST",
    c.path,
    c.body(),
  );
  assertProblem(spoofed, 429, "rate-limited");
});
