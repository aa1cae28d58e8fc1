import assert from "node:assert/strict";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { fieldError, inputValue, location, readHtml } from "./html.ts";

Deno.test("signup page - the role from ?role= is preselected", async () => {
  await using server = await startTestServer();
  const res = await server.client().request("GET", "/signup?role=worker");
  assert.equal(res.status, 200);
  const { document } = await readHtml(res);
  assert.ok(document.querySelector('input[name="role"][value="worker"][checked]'));
  assert.equal(document.querySelector('input[name="role"][value="client"][checked]'), null);
  assert.ok(
    document.querySelector('wm-island[data-island="PasswordStrength"] input[name="password"]'),
  );
});

Deno.test("signup page - a valid post signs in and redirects to /verify-email/sent", async () => {
  await using server = await startTestServer();
  const client = server.client();
  const res = await client.form("/signup", {
    role: "worker",
    displayName: "Nadia Form",
    email: "Nadia@Example.com",
    password: "a long enough password",
  });
  assert.equal(res.status, 303);
  assert.equal(location(res), "/verify-email/sent");
  assert.ok(client.cookies.has("wm_access"));
  const me = await client.json("GET", "/api/v1/users/me");
  assert.equal(me.body.email, "nadia@example.com");
  assert.equal(me.body.role, "worker");
  assert.ok(await server.mailLink("nadia@example.com", "/verify-email"));
});

Deno.test("signup page - invalid fields re-render with errors, values kept, password dropped", async () => {
  await using server = await startTestServer();
  const res = await server.client().form("/signup", {
    role: "client",
    displayName: "Kept Name",
    email: "not-an-email",
    password: "short-secret",
  });
  assert.equal(res.status, 422);
  const { document, text } = await readHtml(res);
  assert.match(fieldError(document, "email") ?? "", /valid email/);
  assert.equal(inputValue(document, "displayName"), "Kept Name");
  assert.equal(inputValue(document, "email"), "not-an-email");
  assert.ok(document.querySelector('input[name="role"][value="client"][checked]'));
  assert.ok(!text.includes("short-secret"), "the password must not be echoed");
});

Deno.test("signup page - a short password and a missing role are explained", async () => {
  await using server = await startTestServer();
  const res = await server.client().form("/signup", {
    displayName: "X",
    email: "x@example.com",
    password: "short",
  });
  assert.equal(res.status, 422);
  const { document } = await readHtml(res);
  assert.match(fieldError(document, "password") ?? "", /at least 10 characters/);
  assert.match(fieldError(document, "role") ?? "", /hire or to work/);
});

Deno.test("signup page - a taken email is a friendly message, not an error page", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const res = await server.client().form("/signup", {
    role: "worker",
    displayName: "Again",
    email: creds.email,
    password: "another long password",
  });
  assert.equal(res.status, 409);
  const { document } = await readHtml(res);
  assert.match(fieldError(document, "email") ?? "", /already exists/);
  assert.ok(document.querySelector('.notice-error a[href="/login"]'));
  assert.equal(inputValue(document, "email"), creds.email);
});

Deno.test("signup page - the per-IP sign-up limit applies to the form too", async () => {
  await using server = await startTestServer();
  const client = server.client();
  let last: Response | undefined;
  for (let i = 0; i < 6; i++) {
    last = await client.form("/signup", {
      role: "worker",
      displayName: "Spam",
      email: `spam${i}@example.com`,
      password: "a long enough password",
    });
    if (i < 5) await last.body?.cancel();
  }
  assert.equal(last!.status, 429);
  assert.ok(last!.headers.get("retry-after"));
  const { document } = await readHtml(last!);
  assert.match(document.querySelector(".notice-error")?.textContent ?? "", /Too many attempts/);
});
