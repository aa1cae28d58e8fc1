import assert from "node:assert/strict";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { readHtml } from "./html.ts";

Deno.test("dev mail - lists the outbox with clickable links", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  await server.drainJobs();
  const res = await server.client().request("GET", "/dev/mail");
  assert.equal(res.status, 200);
  const { document } = await readHtml(res);
  const first = document.querySelector(".mail");
  assert.match(first?.textContent ?? "", /Confirm your email/);
  assert.match(first?.textContent ?? "", new RegExp(creds.email.replace(/[.]/g, "\\.")));
  const link = first?.querySelector(".mail-body a")?.getAttribute("href") ?? "";
  assert.match(link, /\/verify-email\?token=/);
});

Deno.test("dev mail - does not exist in production", async () => {
  await using server = await startTestServer({
    env: {
      APP_ENV: "production",
      JWT_SECRET: "p".repeat(40),
      APP_ORIGIN: "https://workmate.example",
    },
  });
  const res = await server.client().request("GET", "/dev/mail");
  assert.equal(res.status, 404);
  const { document } = await readHtml(res);
  assert.match(document.querySelector("h1")?.textContent ?? "", /Page not found/);
});
