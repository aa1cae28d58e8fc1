import assert from "node:assert/strict";
import { assertNothingChanges, countRows, setUserStatus } from "../helpers/db.ts";
import { assertFieldError, assertProblem } from "../helpers/problems.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";

const LOGIN = "/api/v1/auth/login";

Deno.test("login - the right password signs in with a new session", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const client = server.client();
  const res = await client.json("POST", LOGIN, {
    email: creds.email.toUpperCase(),
    password: creds.password,
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.user.email, creds.email);
  assert.equal(await countRows(server, "sessions"), 2);
  assert.equal((await client.json("GET", "/api/v1/users/me")).status, 200);
});

Deno.test("login - unknown email and wrong password answer byte-identically", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const wrong = await assertNothingChanges(
    server,
    () =>
      server.client().request("POST", LOGIN, { email: creds.email, password: "wrong password" }),
  );
  const unknown = await assertNothingChanges(
    server,
    () =>
      server.client().request("POST", LOGIN, {
        email: "nobody@example.com",
        password: "wrong password",
      }),
  );
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, wrong.status);
  assert.equal(unknown.headers.get("content-type"), "application/problem+json");
  assert.equal(await unknown.text(), await wrong.text());
  assert.equal(unknown.headers.get("set-cookie"), wrong.headers.get("set-cookie"));
});

Deno.test("login - a deleted account answers exactly like an unknown email", async () => {
  await using server = await startTestServer();
  const { creds, user } = await registerUser(server);
  await setUserStatus(server, user.id, "deleted");
  const deleted = await server.client().request("POST", LOGIN, {
    email: creds.email,
    password: creds.password,
  });
  const unknown = await server.client().request("POST", LOGIN, {
    email: "nobody@example.com",
    password: creds.password,
  });
  assert.equal(deleted.status, 401);
  assert.equal(deleted.status, unknown.status);
  assert.equal(await deleted.text(), await unknown.text());
});

Deno.test("login - a banned account with the right password is told it is suspended", async () => {
  await using server = await startTestServer();
  const { creds, user } = await registerUser(server);
  await setUserStatus(server, user.id, "banned");
  const res = await assertNothingChanges(
    server,
    () => server.client().json("POST", LOGIN, { email: creds.email, password: creds.password }),
  );
  assertProblem(res, 403, "account-suspended");
  // With a wrong password it learns nothing: the ordinary answer.
  const wrong = await server.client().json("POST", LOGIN, {
    email: creds.email,
    password: "not the password",
  });
  assertProblem(wrong, 401, "invalid-credentials");
});

Deno.test("login - missing and mistyped fields answer 422", async () => {
  await using server = await startTestServer();
  const client = server.client();
  assertFieldError(await client.json("POST", LOGIN, { email: "a@example.com" }), "body.password");
  assertFieldError(await client.json("POST", LOGIN, { password: "x" }), "body.email");
  assertFieldError(
    await client.json("POST", LOGIN, { email: "a@example.com", password: 12345 }),
    "body.password",
  );
  assertFieldError(
    await client.json("POST", LOGIN, { email: "a@example.com", password: "" }),
    "body.password",
  );
});
