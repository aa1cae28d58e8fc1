import assert from "node:assert/strict";
import { manifest } from "@/routes.gen.ts";
import { isApiHandlers } from "@/server/web/api.ts";
import { apiClient } from "../helpers/api.ts";
import { assertNothingChanges, tableExists } from "../helpers/db.ts";
import { assertProblem, assertUnknownField } from "../helpers/problems.ts";
import {
  registerUser,
  startTestServer,
  type TestClient,
  type TestServer,
} from "../helpers/server.ts";

interface BodyRoute {
  method: "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  auth: boolean;
  /** A body of the right shape, so only the attack under test is wrong. */
  valid: (email: string) => Record<string, unknown>;
}

const BODY_ROUTES: BodyRoute[] = [
  {
    method: "POST",
    path: "/api/v1/auth/register",
    auth: false,
    valid: () => ({
      email: "x@example.com",
      password: "long enough pw",
      displayName: "X",
      role: "worker",
    }),
  },
  {
    method: "POST",
    path: "/api/v1/auth/login",
    auth: false,
    valid: (email) => ({ email, password: "a long enough password" }),
  },
  {
    method: "POST",
    path: "/api/v1/auth/refresh",
    auth: false,
    valid: () => ({ refreshToken: "x" }),
  },
  { method: "POST", path: "/api/v1/auth/logout", auth: false, valid: () => ({}) },
  {
    method: "POST",
    path: "/api/v1/auth/resend-verification",
    auth: false,
    valid: (email) => ({ email }),
  },
  {
    method: "POST",
    path: "/api/v1/auth/password/forgot",
    auth: false,
    valid: (email) => ({ email }),
  },
  {
    method: "POST",
    path: "/api/v1/auth/password/reset",
    auth: false,
    valid: () => ({ token: "x", password: "long enough pw" }),
  },
  {
    method: "POST",
    path: "/api/v1/auth/password/change",
    auth: true,
    valid: () => ({ currentPassword: "a long enough password", newPassword: "another password" }),
  },
  { method: "PATCH", path: "/api/v1/users/me", auth: true, valid: () => ({ headline: "x" }) },
  // Proposals, contracts, milestones and disputes (ids are placeholders: bodies are checked first).
  ...[
    "/api/v1/proposals/:id/shortlist",
    "/api/v1/proposals/:id/reject",
    "/api/v1/proposals/:id/withdraw",
    "/api/v1/milestones/:id/fund",
    "/api/v1/milestones/:id/mark-paid",
    "/api/v1/milestones/:id/confirm-receipt",
    "/api/v1/milestones/:id/approve",
  ].map((path): BodyRoute => ({ method: "POST", path, auth: true, valid: () => ({}) })),
  {
    method: "POST",
    path: "/api/v1/jobs/:id/proposals",
    auth: true,
    valid: () => ({ kind: "instant" }),
  },
  {
    method: "POST",
    path: "/api/v1/proposals/:id/accept",
    auth: true,
    valid: () => ({ paymentMode: "escrow" }),
  },
  {
    method: "POST",
    path: "/api/v1/contracts/:id/milestones",
    auth: true,
    valid: () => ({ title: "x", amount: { amountMinor: 1, currency: "EUR" } }),
  },
  {
    method: "POST",
    path: "/api/v1/contracts/:id/dispute",
    auth: true,
    valid: () => ({ reason: "x".repeat(20) }),
  },
  {
    method: "POST",
    path: "/api/v1/milestones/:id/submit",
    auth: true,
    valid: () => ({ note: "x" }),
  },
  {
    method: "POST",
    path: "/api/v1/milestones/:id/request-revision",
    auth: true,
    valid: () => ({ note: "x" }),
  },
  {
    method: "POST",
    path: "/api/v1/disputes/:id/answer",
    auth: true,
    valid: () => ({ response: "x" }),
  },
  {
    method: "POST",
    path: "/api/v1/admin/disputes/:id/resolve",
    auth: true,
    valid: () => ({ outcome: "resume", note: "x" }),
  },
  {
    method: "POST",
    path: "/api/v1/jobs",
    auth: true,
    valid: () => ({
      title: "Paint the fence",
      description: "A twenty metre wooden fence needs two coats of paint.",
      category: "home-repair",
      budget: { type: "fixed", minMinor: 10000, maxMinor: 20000, currency: "EUR" },
      remote: true,
    }),
  },
  { method: "PATCH", path: "/api/v1/jobs/:id", auth: true, valid: () => ({ title: "New title" }) },
  {
    method: "POST",
    path: "/api/v1/saved-searches",
    auth: true,
    valid: () => ({ name: "Fences", query: { q: "fence" } }),
  },
  { method: "POST", path: "/api/v1/notifications/read", auth: true, valid: () => ({}) },
  {
    method: "POST",
    path: "/api/v1/contracts/:id/reviews",
    auth: true,
    valid: () => ({ rating: 5, body: "Great work, on time." }),
  },
  { method: "PUT", path: "/api/v1/users/:id/note", auth: true, valid: () => ({ note: "x" }) },
  {
    method: "POST",
    path: "/api/v1/users/me/portfolio",
    auth: true,
    valid: () => ({ title: "A fence" }),
  },
  {
    method: "PATCH",
    path: "/api/v1/users/me/portfolio/:id",
    auth: true,
    valid: () => ({ title: "A fence" }),
  },
  {
    method: "POST",
    path: "/api/v1/users/me/certifications",
    auth: true,
    valid: () => ({ name: "Carpentry", issuer: "Guild" }),
  },
  {
    method: "POST",
    path: "/api/v1/conversations",
    auth: true,
    valid: () => ({ userId: "someone" }),
  },
  {
    method: "POST",
    path: "/api/v1/conversations/:id/messages",
    auth: true,
    valid: () => ({ clientMsgId: "c1", content: "Hello" }),
  },
  { method: "POST", path: "/api/v1/conversations/:id/read", auth: true, valid: () => ({ seq: 1 }) },
  { method: "POST", path: "/api/v1/workspaces", auth: true, valid: () => ({ name: "Crew" }) },
  {
    method: "POST",
    path: "/api/v1/workspaces/join",
    auth: true,
    valid: () => ({ code: "ABCDEFGH" }),
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/:id/channels",
    auth: true,
    valid: () => ({ name: "random" }),
  },
  {
    method: "POST",
    path: "/api/v1/channels/:id/invite",
    auth: true,
    valid: () => ({ userId: "someone" }),
  },
  { method: "POST", path: "/api/v1/admin/users/:id/verify", auth: true, valid: () => ({}) },
  { method: "DELETE", path: "/api/v1/admin/users/:id/verify", auth: true, valid: () => ({}) },
  { method: "POST", path: "/api/v1/admin/users/:id/ban", auth: true, valid: () => ({}) },
  { method: "DELETE", path: "/api/v1/admin/users/:id/ban", auth: true, valid: () => ({}) },
];

const SQL = "'; DROP TABLE users; --";
const SCRIPT = "<script>alert(1)</script>";
const IMG = "<img src=x onerror=alert(1)>";

/**
 * A signed-in API caller (bearer, no cookies) and its email. Each call comes from a new IP,
 * so the per-IP rate limits of the auth routes do not get in the way of many attempts.
 */
async function signedIn(server: TestServer) {
  const { tokens, creds } = await registerUser(server);
  return {
    api: {
      json: (...args: Parameters<TestClient["json"]>) =>
        apiClient(server, tokens.accessToken).json(...args),
    },
    email: creds.email,
  };
}

Deno.test("hostile input - the table covers every API route that takes a body", () => {
  const covered = new Set(BODY_ROUTES.map((r) => `${r.method} ${r.path}`));
  for (const route of manifest.routes) {
    const handlers = route.module.handler;
    if (!isApiHandlers(handlers)) continue;
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      if (handlers[method]?.body) {
        assert.ok(covered.has(`${method} ${route.path}`), `${method} ${route.path} is tested`);
      }
    }
  }
});

Deno.test("hostile input - malformed JSON answers 400 malformed-json on every route", async () => {
  await using server = await startTestServer();
  const { api } = await signedIn(server);
  for (const route of BODY_ROUTES) {
    for (const text of ['{"email":', "{'a': 1}", "[1,", "undefined", '{"a":1}}']) {
      const res = await assertNothingChanges(
        server,
        () => api.json(route.method, route.path, text, { "content-type": "application/json" }),
        route.path,
      );
      assertProblem(res, 400, "malformed-json");
    }
  }
});

Deno.test("hostile input - a body over 1 MB answers 413 on every route", async () => {
  await using server = await startTestServer();
  const { api, email } = await signedIn(server);
  for (const route of BODY_ROUTES) {
    const big = JSON.stringify({ ...route.valid(email), padding: "x".repeat(1024 * 1024) });
    const res = await assertNothingChanges(
      server,
      () => api.json(route.method, route.path, big, { "content-type": "application/json" }),
      route.path,
    );
    assertProblem(res, 413, "payload-too-large");
  }
});

Deno.test("hostile input - a non-JSON content type answers 415 on every route", async () => {
  await using server = await startTestServer();
  const { api, email } = await signedIn(server);
  for (const route of BODY_ROUTES) {
    const body = JSON.stringify({ ...route.valid(email), x: 1 });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml"]) {
      const res = await assertNothingChanges(
        server,
        () => api.json(route.method, route.path, body, { "content-type": type }),
        `${route.path} ${type}`,
      );
      assertProblem(res, 415, "unsupported-media-type");
    }
  }
});

Deno.test("hostile input - unknown fields and non-object bodies answer 422 on every route", async () => {
  await using server = await startTestServer();
  const { api, email } = await signedIn(server);
  for (const route of BODY_ROUTES) {
    const res = await assertNothingChanges(
      server,
      () => api.json(route.method, route.path, { ...route.valid(email), sneaky: true }),
      route.path,
    );
    assertUnknownField(res, "sneaky");
    for (const body of ["[]", "null", "42", '"text"']) {
      const r = await assertNothingChanges(
        server,
        () => api.json(route.method, route.path, body, { "content-type": "application/json" }),
        `${route.path} ${body}`,
      );
      assertProblem(r, 422, "validation");
    }
  }
});

Deno.test("hostile input - SQL and HTML in strings are stored inert and returned verbatim", async () => {
  await using server = await startTestServer();
  const reg = await apiClient(server).json("POST", "/api/v1/auth/register", {
    email: "inert@example.com",
    password: "a long enough password",
    displayName: SQL,
    role: "worker",
  });
  assert.equal(reg.status, 201);
  assert.equal(reg.body.user.displayName, SQL);
  const api = apiClient(server, reg.body.accessToken);
  const patched = await api.json("PATCH", "/api/v1/users/me", {
    headline: SCRIPT,
    bio: `${IMG} ${SQL}`,
    location: { name: SCRIPT, lat: 1, lng: 2 },
  });
  assert.equal(patched.status, 200);
  const pub = await apiClient(server).request("GET", `/api/v1/users/${reg.body.user.id}`);
  assert.equal(pub.headers.get("content-type"), "application/json");
  assert.equal(pub.headers.get("x-content-type-options"), "nosniff");
  const body = await pub.json();
  assert.equal(body.displayName, SQL);
  assert.equal(body.headline, SCRIPT);
  assert.equal(body.bio, `${IMG} ${SQL}`);
  assert.equal(body.location.name, SCRIPT);
  assert.ok(await tableExists(server, "users"));
  const row = await server.deps.db.client.execute({
    sql: "SELECT display_name, headline FROM users WHERE id = ?",
    args: [reg.body.user.id],
  });
  assert.deepEqual({ ...row.rows[0] }, { display_name: SQL, headline: SCRIPT });
});

Deno.test("hostile input - SQL in credentials, tokens and ids finds nothing", async () => {
  await using server = await startTestServer();
  const { creds, user } = await registerUser(server);
  const api = apiClient(server);
  const attempts = await assertNothingChanges(server, async () => [
    await api.json("POST", "/api/v1/auth/login", { email: creds.email, password: `x${SQL}` }),
    await api.json("POST", "/api/v1/auth/login", { email: creds.email, password: "' OR '1'='1" }),
    await api.json("POST", "/api/v1/auth/refresh", { refreshToken: `' OR 1=1 --` }),
    await api.json("POST", "/api/v1/auth/password/reset", {
      token: SQL,
      password: "long enough pw",
    }),
    await api.json("GET", `/api/v1/auth/verify-email?token=${encodeURIComponent(SQL)}`),
    await api.json("GET", `/api/v1/users/${encodeURIComponent(`${user.id}' OR '1'='1`)}`),
  ]);
  assert.deepEqual(attempts.map((r) => r.status), [401, 401, 401, 401, 401, 404]);
  assert.ok(await tableExists(server, "users"));
  assertProblem(
    await api.json("POST", "/api/v1/auth/login", { email: `${SQL}@example.com`, password: "x" }),
    422,
    "validation",
  );
});

Deno.test("hostile input - an HTML page echoes nothing unescaped", async () => {
  await using server = await startTestServer();
  const res = await server.client().request(
    "GET",
    `/nowhere/${encodeURIComponent(SCRIPT)}`,
    undefined,
    {
      accept: "text/html",
    },
  );
  assert.equal(res.status, 404);
  const html = await res.text();
  assert.equal(html.includes(SCRIPT), false);
  assert.equal(html.includes("alert(1)"), false);
});

Deno.test("hostile input - __proto__ keys are refused and pollute nothing", async () => {
  await using server = await startTestServer();
  const text =
    '{"email":"p@example.com","password":"long enough pw","displayName":"P","role":"worker","__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}';
  const res = await assertNothingChanges(
    server,
    () =>
      apiClient(server).json("POST", "/api/v1/auth/register", text, {
        "content-type": "application/json",
      }),
  );
  assertProblem(res, 422, "validation");
  assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
});

Deno.test("hostile input - deeply nested JSON is refused without crashing the server", async () => {
  await using server = await startTestServer();
  const deep = `{"email":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
  const res = await apiClient(server).json("POST", "/api/v1/auth/login", deep, {
    "content-type": "application/json",
  });
  assert.ok(res.status === 400 || res.status === 422, String(res.status));
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.equal((await apiClient(server).json("GET", "/healthz")).status, 200);
});
