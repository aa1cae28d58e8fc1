import assert from "node:assert/strict";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { fieldError, location, readHtml } from "./html.ts";

Deno.test("verify email page - the mailed link confirms once, then explains and offers a resend", async () => {
  await using server = await startTestServer();
  const { client, creds } = await registerUser(server);
  const link = new URL(await server.mailLink(creds.email, "/verify-email"));
  const ok = await client.request("GET", link.pathname + link.search);
  assert.equal(ok.status, 200);
  const confirmed = await readHtml(ok);
  assert.match(confirmed.document.querySelector("h1")?.textContent ?? "", /Email confirmed/);
  assert.ok(confirmed.document.querySelector('main a[href="/dashboard"]'));

  const again = await server.client().request("GET", link.pathname + link.search);
  assert.equal(again.status, 401);
  const { document } = await readHtml(again);
  assert.match(
    document.querySelector(".notice-error")?.textContent ?? "",
    /invalid, used or expired/,
  );
  assert.ok(document.querySelector('form[action="/verify-email/sent"] input[name="email"]'));
});

Deno.test("verify email page - a missing token is a friendly 400", async () => {
  await using server = await startTestServer();
  const res = await server.client().request("GET", "/verify-email");
  assert.equal(res.status, 400);
  const { document } = await readHtml(res);
  assert.match(document.querySelector(".notice-error")?.textContent ?? "", /incomplete/);
});

Deno.test("verify email sent - resending works signed in and signed out", async () => {
  await using server = await startTestServer();
  const { client, creds } = await registerUser(server);
  const before = (await server.mails(creds.email)).length;

  const signedIn = await client.form("/verify-email/sent", {});
  assert.equal(signedIn.status, 303);
  assert.equal(location(signedIn), "/verify-email/sent?resent=1");

  const anonymous = await server.client().form("/verify-email/sent", { email: creds.email });
  assert.equal(location(anonymous), "/verify-email/sent?resent=1");
  assert.equal((await server.mails(creds.email)).length, before + 2);

  const page = await readHtml(await client.request("GET", "/verify-email/sent?resent=1"));
  assert.match(page.document.querySelector(".notice-success")?.textContent ?? "", /on its way/);
  assert.match(page.text, new RegExp(creds.email.replace(/[.]/g, "\\.")));
});

Deno.test("verify email sent - an invalid email re-renders with the value kept", async () => {
  await using server = await startTestServer();
  const res = await server.client().form("/verify-email/sent", { email: "nope" });
  assert.equal(res.status, 422);
  const { document } = await readHtml(res);
  assert.match(fieldError(document, "email") ?? "", /valid email/);
  assert.equal(document.querySelector('input[name="email"]')?.getAttribute("value"), "nope");
});
