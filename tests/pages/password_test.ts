import assert from "node:assert/strict";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { fieldError, inputValue, location, readHtml } from "./html.ts";

Deno.test("password pages - forgot, reset with the mailed link, then log in with the new one", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const browser = server.client();

  const sent = await browser.form("/forgot-password", { email: creds.email });
  assert.equal(sent.status, 303);
  assert.equal(location(sent), "/forgot-password?sent=1");

  const link = new URL(await server.mailLink(creds.email, "/reset-password"));
  const token = link.searchParams.get("token")!;
  const form = await readHtml(await browser.request("GET", link.pathname + link.search));
  assert.equal(inputValue(form.document, "token"), token);

  const short = await browser.form("/reset-password", { token, password: "short" });
  assert.equal(short.status, 422);
  const shortPage = await readHtml(short);
  assert.match(fieldError(shortPage.document, "password") ?? "", /at least 10/);
  assert.equal(inputValue(shortPage.document, "token"), token, "the token survives a failed post");
  assert.ok(!shortPage.text.includes('value="short"'));

  const done = await browser.form("/reset-password", { token, password: "a brand new password" });
  assert.equal(done.status, 303);
  assert.equal(location(done), "/reset-password?done=1");

  const oldLogin = await server.client().form("/login", {
    email: creds.email,
    password: creds.password,
  });
  assert.equal(oldLogin.status, 401);
  await oldLogin.body?.cancel();
  const newLogin = await server.client().form("/login", {
    email: creds.email,
    password: "a brand new password",
  });
  assert.equal(newLogin.status, 303);
});

Deno.test("password pages - a used or bogus reset token is a friendly message", async () => {
  await using server = await startTestServer();
  const res = await server.client().form("/reset-password", {
    token: "bogus",
    password: "a long enough password",
  });
  assert.equal(res.status, 401);
  const { document } = await readHtml(res);
  assert.match(
    document.querySelector(".notice-error")?.textContent ?? "",
    /invalid, used or expired/,
  );
  assert.ok(document.querySelector('a[href="/forgot-password"]'));
});

Deno.test("password pages - forgot-password answers alike for unknown addresses", async () => {
  await using server = await startTestServer();
  const res = await server.client().form("/forgot-password", { email: "ghost@example.com" });
  assert.equal(res.status, 303);
  assert.equal(location(res), "/forgot-password?sent=1");
  const bad = await server.client().form("/forgot-password", { email: "not an email" });
  assert.equal(bad.status, 422);
  const { document } = await readHtml(bad);
  assert.equal(inputValue(document, "email"), "not an email");
});
