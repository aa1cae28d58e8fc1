import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { apiClient } from "../helpers/api.ts";
import { assertNothingChanges, countRows } from "../helpers/db.ts";
import { assertProblem } from "../helpers/problems.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";

const RESEND = "/api/v1/auth/resend-verification";

async function verifyToken(server: TestServer, email: string) {
  const link = await server.mailLink(email, "/verify-email");
  return new URL(link).searchParams.get("token")!;
}
const verify = (server: TestServer, token: string) =>
  apiClient(server).json("GET", `/api/v1/auth/verify-email?token=${encodeURIComponent(token)}`);

Deno.test("verify email - the token confirms once and queues the welcome mail", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const token = await verifyToken(server, creds.email);
  const first = await verify(server, token);
  assert.equal(first.status, 200);
  assert.equal(first.body.verified, true);
  assert.equal(first.body.user.emailVerified, true);
  const again = await assertNothingChanges(server, () => verify(server, token));
  assertProblem(again, 401, "invalid-token");
  const subjects = (await server.mails(creds.email)).map((m) => m.subject);
  assert.deepEqual(subjects, ["Welcome to WorkMate", "Confirm your email for WorkMate"]);
});

Deno.test("verify email - the token expires after 24 hours", async () => {
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const { creds, client } = await registerUser(server);
  const token = await verifyToken(server, creds.email);
  clock.advance(24 * 3600_000 + 1000);
  assertProblem(await verify(server, token), 401, "invalid-token");
  client.bearer = undefined;
  const me = await apiClient(server).json("POST", "/api/v1/auth/login", {
    email: creds.email,
    password: creds.password,
  });
  assert.equal(me.body.user.emailVerified, false);
});

Deno.test("verify email - missing, unknown and extra query parameters are refused", async () => {
  await using server = await startTestServer();
  await registerUser(server);
  assertProblem(
    await apiClient(server).json("GET", "/api/v1/auth/verify-email"),
    422,
    "validation",
  );
  assertProblem(await verify(server, "made-up-token"), 401, "invalid-token");
  const extra = await apiClient(server).json("GET", "/api/v1/auth/verify-email?token=x&admin=1");
  assertProblem(extra, 422, "validation");
});

Deno.test("resend verification - sends a fresh working link", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const old = await verifyToken(server, creds.email);
  const res = await apiClient(server).json("POST", RESEND, { email: creds.email });
  assert.equal(res.status, 202);
  const fresh = await verifyToken(server, creds.email);
  assert.notEqual(fresh, old);
  assert.equal((await verify(server, fresh)).status, 200);
});

Deno.test("resend verification - answers identically for unknown and verified emails", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const known = await apiClient(server).request("POST", RESEND, { email: creds.email });
  const jobs = await countRows(server, "background_jobs");
  const unknown = await assertNothingChanges(
    server,
    () => apiClient(server).request("POST", RESEND, { email: "nobody@example.com" }),
  );
  assert.equal(known.status, 202);
  assert.equal(unknown.status, 202);
  assert.equal(await unknown.text(), await known.text());
  await verify(server, await verifyToken(server, creds.email));
  const verified = await apiClient(server).request("POST", RESEND, { email: creds.email });
  assert.equal(verified.status, 202);
  await verified.body?.cancel();
  assert.equal(await countRows(server, "background_jobs"), jobs + 1, "only the welcome mail");
});
