import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { backgroundJobs, users } from "@/db/schema.ts";
import { assertNothingChanges, countRows } from "../helpers/db.ts";
import { assertFieldError, assertProblem, assertUnknownField } from "../helpers/problems.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";

const body = (over: Record<string, unknown> = {}) => ({
  email: `new-${crypto.randomUUID().slice(0, 8)}@example.com`,
  password: "a long enough password",
  displayName: "New Person",
  role: "client",
  ...over,
});

Deno.test("register - creates the account, signs it in and queues the confirmation mail", async () => {
  await using server = await startTestServer();
  const client = server.client();
  const input = body({ email: "  Mixed.Case@Example.COM " });
  const res = await client.json("POST", "/api/v1/auth/register", input);
  assert.equal(res.status, 201);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.equal(res.body.user.email, "mixed.case@example.com");
  assert.equal(res.body.user.emailVerified, false);
  assert.equal(res.body.user.role, "client");
  assert.equal(typeof res.body.accessToken, "string");
  assert.equal(typeof res.body.refreshToken, "string");
  assert.equal("passwordHash" in res.body.user, false);
  const [row] = await server.deps.db.orm.select().from(users).where(
    eq(users.email, "mixed.case@example.com"),
  );
  assert.ok(row.passwordHash.startsWith("$argon2id$"));
  const jobs = await server.deps.db.orm.select().from(backgroundJobs);
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].kind, "mail.send");
  const me = await client.json("GET", "/api/v1/users/me");
  assert.equal(me.status, 200);
  assert.equal(me.body.id, res.body.user.id);
  const link = await server.mailLink("mixed.case@example.com", "/verify-email?token=");
  assert.ok(link.startsWith(server.url));
});

Deno.test("register - a duplicate email answers 409 and creates nothing", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  for (const email of [creds.email, creds.email.toUpperCase(), ` ${creds.email} `]) {
    const res = await assertNothingChanges(
      server,
      () => server.client().json("POST", "/api/v1/auth/register", body({ email })),
      email,
    );
    assertProblem(res, 409, "email-taken");
  }
  assert.equal(await countRows(server, "users"), 1);
});

Deno.test("register - invalid fields answer 422 naming each field and change nothing", async () => {
  await using server = await startTestServer();
  const cases: [Record<string, unknown>, string][] = [
    [body({ email: "not-an-email" }), "body.email"],
    [body({ email: 42 }), "body.email"],
    [body({ password: "short" }), "body.password"],
    [body({ password: 1234567890123 }), "body.password"],
    [body({ role: "admin" }), "body.role"],
    [body({ displayName: "" }), "body.displayName"],
    [body({ displayName: ["a"] }), "body.displayName"],
    [body({ displayName: "x".repeat(81) }), "body.displayName"],
    [body({ email: "same@example.com", password: "SAME@example.com" }), "body.password"],
  ];
  for (const [input, path] of cases) {
    const res = await assertNothingChanges(
      server,
      () => server.client().json("POST", "/api/v1/auth/register", input),
      path,
    );
    assertFieldError(res, path);
  }
  const missing = await server.client().json("POST", "/api/v1/auth/register", {
    email: "a@example.com",
  });
  for (const f of ["password", "displayName", "role"]) assertFieldError(missing, `body.${f}`);
});

Deno.test("register - unknown fields such as isAdmin are refused", async () => {
  await using server = await startTestServer();
  const res = await assertNothingChanges(
    server,
    () =>
      server.client().json("POST", "/api/v1/auth/register", body({ isAdmin: true, status: "x" })),
  );
  assertUnknownField(res, "isAdmin");
  assertUnknownField(res, "status");
});

Deno.test("register - a failure after the user insert rolls back the user, session and mail job", async () => {
  await using server = await startTestServer();
  // Sessions are written after the user and the mail job: make that last insert fail.
  await server.deps.db.client.execute(
    "CREATE TRIGGER fail_sessions BEFORE INSERT ON sessions BEGIN SELECT RAISE(ABORT, 'injected'); END",
  );
  const res = await assertNothingChanges(
    server,
    () => server.client().json("POST", "/api/v1/auth/register", body()),
  );
  assertProblem(res, 500, "internal");
  assert.doesNotMatch(JSON.stringify(res.body), /injected|sessions/);
  assert.equal(await countRows(server, "background_jobs"), 0);
});

Deno.test("register - concurrent sign-ups with one email create exactly one account", async () => {
  await using server = await startTestServer();
  const input = body({ email: "race@example.com" });
  const results = await Promise.all(
    Array.from({ length: 5 }, () => server.client().json("POST", "/api/v1/auth/register", input)),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
  assert.equal(await countRows(server, "users"), 1);
  assert.equal(await countRows(server, "background_jobs"), 1);
});
