import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { apiClient } from "../helpers/api.ts";
import { assertNothingChanges } from "../helpers/db.ts";
import { assertFieldError, assertProblem } from "../helpers/problems.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";

const FORGOT = "/api/v1/auth/password/forgot";
const RESET = "/api/v1/auth/password/reset";
const CHANGE = "/api/v1/auth/password/change";
const ME = "/api/v1/users/me";

async function resetToken(server: TestServer, email: string): Promise<string> {
  const res = await apiClient(server).json("POST", FORGOT, { email });
  assert.equal(res.status, 202);
  const link = await server.mailLink(email, "/reset-password");
  return new URL(link).searchParams.get("token")!;
}

const login = (server: TestServer, email: string, password: string) =>
  apiClient(server).json("POST", "/api/v1/auth/login", { email, password });

Deno.test("password reset - sets the new password and signs out every session", async () => {
  await using server = await startTestServer();
  const { creds, client, tokens } = await registerUser(server);
  const token = await resetToken(server, creds.email);
  const res = await apiClient(server).json("POST", RESET, {
    token,
    password: "brand new password",
  });
  assert.equal(res.status, 200);
  assertProblem(await client.json("GET", ME), 401, "unauthenticated");
  assertProblem(
    await apiClient(server).json("POST", "/api/v1/auth/refresh", {
      refreshToken: tokens.refreshToken,
    }),
    401,
    "invalid-token",
  );
  assertProblem(await login(server, creds.email, creds.password), 401, "invalid-credentials");
  const fresh = await login(server, creds.email, "brand new password");
  assert.equal(fresh.status, 200);
  assert.equal(fresh.body.user.emailVerified, true, "the link proved the mailbox");
  const subjects = (await server.mails(creds.email)).map((m) => m.subject);
  assert.equal(subjects[0], "Your WorkMate password was changed");
});

Deno.test("password reset - a token works only once", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const token = await resetToken(server, creds.email);
  assert.equal(
    (await apiClient(server).json("POST", RESET, { token, password: "first new password" })).status,
    200,
  );
  const again = await assertNothingChanges(
    server,
    () => apiClient(server).json("POST", RESET, { token, password: "second new password" }),
  );
  assertProblem(again, 401, "invalid-token");
  assert.equal((await login(server, creds.email, "first new password")).status, 200);
});

Deno.test("password reset - a token expires after one hour", async () => {
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const { creds } = await registerUser(server);
  const token = await resetToken(server, creds.email);
  clock.advance(60 * 60_000 + 1000);
  const res = await assertNothingChanges(
    server,
    () => apiClient(server).json("POST", RESET, { token, password: "late new password" }),
  );
  assertProblem(res, 401, "invalid-token");
  assert.equal((await login(server, creds.email, creds.password)).status, 200);
});

Deno.test("password reset - a token still works just before the hour is up", async () => {
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const { creds } = await registerUser(server);
  const token = await resetToken(server, creds.email);
  clock.advance(59 * 60_000);
  const res = await apiClient(server).json("POST", RESET, { token, password: "in time password" });
  assert.equal(res.status, 200);
});

Deno.test("password reset - the new password may not be the email, and the token survives", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const token = await resetToken(server, creds.email);
  const res = await assertNothingChanges(
    server,
    () => apiClient(server).json("POST", RESET, { token, password: creds.email.toUpperCase() }),
  );
  assertFieldError(res, "body.password");
  assert.equal(
    (await apiClient(server).json("POST", RESET, { token, password: "acceptable password" }))
      .status,
    200,
  );
});

Deno.test("password reset - a too-short password or unknown token is refused", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const token = await resetToken(server, creds.email);
  assertFieldError(
    await apiClient(server).json("POST", RESET, { token, password: "short" }),
    "body.password",
  );
  assertProblem(
    await apiClient(server).json("POST", RESET, { token: "made-up", password: "long enough pw" }),
    401,
    "invalid-token",
  );
});

Deno.test("password forgot - answers identically for unknown and known emails", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const known = await apiClient(server).request("POST", FORGOT, { email: creds.email });
  const unknown = await assertNothingChanges(
    server,
    () => apiClient(server).request("POST", FORGOT, { email: "nobody@example.com" }),
  );
  assert.equal(known.status, 202);
  assert.equal(unknown.status, known.status);
  assert.equal(await unknown.text(), await known.text());
});

Deno.test("password change - keeps this session, signs out the others", async () => {
  await using server = await startTestServer();
  const { creds, client, tokens } = await registerUser(server);
  const other = await login(server, creds.email, creds.password);
  const res = await client.json("POST", CHANGE, {
    currentPassword: creds.password,
    newPassword: "a different password",
  });
  assert.equal(res.status, 200);
  assert.equal((await client.json("GET", ME)).status, 200, "current session kept");
  assert.equal(
    (await apiClient(server).json("POST", "/api/v1/auth/refresh", {
      refreshToken: tokens.refreshToken,
    })).status,
    200,
    "current refresh token kept",
  );
  assertProblem(
    await apiClient(server, other.body.accessToken).json("GET", ME),
    401,
    "unauthenticated",
  );
  assertProblem(
    await apiClient(server).json("POST", "/api/v1/auth/refresh", {
      refreshToken: other.body.refreshToken,
    }),
    401,
    "invalid-token",
  );
  assertProblem(await login(server, creds.email, creds.password), 401, "invalid-credentials");
  assert.equal((await login(server, creds.email, "a different password")).status, 200);
});

Deno.test("password change - a wrong current password answers 422 and changes nothing", async () => {
  await using server = await startTestServer();
  const { creds, client } = await registerUser(server);
  const res = await assertNothingChanges(
    server,
    () =>
      client.json("POST", CHANGE, {
        currentPassword: "not my password",
        newPassword: "a different password",
      }),
  );
  assertFieldError(res, "body.currentPassword");
  assert.equal((await login(server, creds.email, creds.password)).status, 200);
});

Deno.test("password change - the new password is validated and auth is required", async () => {
  await using server = await startTestServer();
  const { creds, client } = await registerUser(server);
  assertFieldError(
    await client.json("POST", CHANGE, { currentPassword: creds.password, newPassword: "short" }),
    "body.newPassword",
  );
  assertFieldError(
    await client.json("POST", CHANGE, {
      currentPassword: creds.password,
      newPassword: creds.email,
    }),
    "body.newPassword",
  );
  assertFieldError(
    await client.json("POST", CHANGE, {
      currentPassword: creds.password,
      newPassword: creds.password,
    }),
    "body.newPassword",
  );
  assertProblem(
    await apiClient(server).json("POST", CHANGE, {
      currentPassword: creds.password,
      newPassword: "a different password",
    }),
    401,
    "unauthenticated",
  );
});

Deno.test("password forgot - with APP_ORIGIN set, a forged Host cannot redirect the reset link", async () => {
  await using server = await startTestServer({ env: { APP_ORIGIN: "https://workmate.example" } });
  const { creds } = await registerUser(server);
  const res = await apiClient(server).json("POST", FORGOT, { email: creds.email }, {
    host: "evil.example",
    "x-forwarded-host": "evil.example",
    "x-forwarded-proto": "http",
  });
  assert.equal(res.status, 202);
  const link = await server.mailLink(creds.email, "/reset-password");
  assert.ok(link.startsWith("https://workmate.example/reset-password?token="), link);
});
