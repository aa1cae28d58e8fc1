import assert from "node:assert/strict";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { inputValue, location, readHtml } from "./html.ts";

Deno.test("login page - signs in and follows a same-site ?next=", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const client = server.client();
  const res = await client.form("/login?next=/settings", {
    email: creds.email,
    password: creds.password,
  });
  assert.equal(res.status, 303);
  assert.equal(location(res), "/settings");
  assert.equal((await client.request("GET", "/settings")).status, 200);
});

Deno.test("login page - the next field from the form wins and defaults to the dashboard", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const res = await server.client().form("/login", {
    email: creds.email,
    password: creds.password,
    next: "/dashboard/worker",
  });
  assert.equal(location(res), "/dashboard/worker");
  const plain = await server.client().form("/login", {
    email: creds.email,
    password: creds.password,
  });
  assert.equal(location(plain), "/dashboard");
});

Deno.test("login page - ?next= pointing off-site is ignored", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  for (
    const next of [
      "https://evil.example",
      "//evil.example/x",
      "/\\evil.example",
      "javascript:alert(1)",
    ]
  ) {
    const page = await server.client().request("GET", `/login?next=${encodeURIComponent(next)}`);
    const { document } = await readHtml(page);
    assert.equal(document.querySelector('input[name="next"]'), null, next);
    const res = await server.client().form(`/login?next=${encodeURIComponent(next)}`, {
      email: creds.email,
      password: creds.password,
      next,
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/dashboard", next);
  }
});

Deno.test("login page - wrong credentials re-render with a message and the email kept", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const res = await server.client().form("/login", {
    email: creds.email,
    password: "wrong password here",
  });
  assert.equal(res.status, 401);
  const { document, text } = await readHtml(res);
  assert.match(document.querySelector(".notice-error")?.textContent ?? "", /do not match/);
  assert.equal(inputValue(document, "email"), creds.email);
  assert.ok(!text.includes("wrong password here"));
});

Deno.test("login page - the per-IP login limit shows in the form", async () => {
  await using server = await startTestServer();
  const client = server.client();
  let last: Response | undefined;
  for (let i = 0; i < 11; i++) {
    last = await client.form("/login", { email: "nobody@example.com", password: "whatever123" });
    if (i < 10) await last.body?.cancel();
  }
  assert.equal(last!.status, 429);
  const { document } = await readHtml(last!);
  assert.match(document.querySelector(".notice-error")?.textContent ?? "", /Too many attempts/);
});

Deno.test("logout - revokes the session, clears cookies and goes home", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const confirm = await client.request("GET", "/logout");
  assert.equal(confirm.status, 200);
  await confirm.body?.cancel();
  const res = await client.form("/logout", {});
  assert.equal(res.status, 303);
  assert.equal(location(res), "/");
  assert.equal(client.cookies.size, 0);
  // The old cookies no longer authenticate: the session itself is revoked.
  const replay = await server.client().json("GET", "/api/v1/users/me", undefined, { cookie });
  assert.equal(replay.status, 401);
});
