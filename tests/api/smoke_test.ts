import assert from "node:assert/strict";
import { registerUser, startTestServer } from "../helpers/server.ts";

Deno.test("accounts - register, confirm by mail, and read your own profile", async () => {
  await using server = await startTestServer();
  const { client, creds } = await registerUser(server);
  const link = await server.mailLink(creds.email, "/verify-email");
  const token = new URL(link).searchParams.get("token")!;
  const verified = await client.json(
    "GET",
    `/api/v1/auth/verify-email?token=${encodeURIComponent(token)}`,
  );
  assert.equal(verified.status, 200);
  const me = await client.json("GET", "/api/v1/users/me");
  assert.equal(me.status, 200);
  assert.equal(me.body.emailVerified, true);
  assert.equal(me.body.email, creds.email);
});
