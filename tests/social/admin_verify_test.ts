import assert from "node:assert/strict";
import { apiClient } from "../helpers/api.ts";
import { setUserStatus } from "../helpers/db.ts";
import { assertProblem } from "../helpers/problems.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { readHtml } from "../pages/html.ts";
import { assertSocialUnchanged, confirmEmail, makeAdmin } from "./helpers.ts";

const verifyPath = (id: string) => `/api/v1/admin/users/${id}/verify`;

Deno.test("admin verify - the badge needs admin verification and a confirmed email", async () => {
  await using server = await startTestServer();
  const admin = await registerUser(server, { role: "client" });
  await makeAdmin(server, admin.user.id);
  const worker = await registerUser(server, { role: "worker" });
  const profile = () => apiClient(server).json("GET", `/api/v1/users/${worker.user.id}/profile`);

  const first = await admin.client.json("POST", verifyPath(worker.user.id));
  assert.equal(first.status, 200);
  assert.equal(first.body.verified, false, "email not confirmed yet");
  assert.ok(first.body.adminVerifiedAt);
  assert.equal((await profile()).body.verified, false);

  await confirmEmail(server, worker.user.id);
  assert.equal((await profile()).body.verified, true);
  const { document } = await readHtml(
    await server.client().request("GET", `/users/${worker.user.id}`),
  );
  assert.ok(document.querySelector(".verified-badge"));

  const again = await admin.client.json("POST", verifyPath(worker.user.id));
  assert.equal(again.body.adminVerifiedAt, first.body.adminVerifiedAt, "idempotent");

  const undo = await admin.client.json("DELETE", verifyPath(worker.user.id));
  assert.equal(undo.status, 200);
  assert.deepEqual(undo.body, { userId: worker.user.id, adminVerifiedAt: null, verified: false });
  assert.equal((await profile()).body.verified, false);
});

Deno.test("admin verify - only admins (403), real users (404), signed in (401)", async () => {
  await using server = await startTestServer();
  const admin = await registerUser(server, { role: "client" });
  await makeAdmin(server, admin.user.id);
  const worker = await registerUser(server, { role: "worker" });
  const client = await registerUser(server, { role: "client" });
  for (const who of [worker, client]) {
    for (const method of ["POST", "DELETE"]) {
      for (const target of [worker.user.id, who.user.id]) {
        const res = await assertSocialUnchanged(
          server,
          () => who.client.json(method, verifyPath(target)),
        );
        assertProblem(res, 403, "forbidden");
      }
    }
  }
  assertProblem(
    await assertSocialUnchanged(
      server,
      () => apiClient(server).json("POST", verifyPath(worker.user.id)),
    ),
    401,
    "unauthenticated",
  );
  assertProblem(await admin.client.json("POST", verifyPath(crypto.randomUUID())), 404, "not-found");
  assertProblem(await admin.client.json("POST", verifyPath("x".repeat(65))), 422, "validation");
  assertProblem(
    await admin.client.json("POST", verifyPath(worker.user.id), { verified: true }),
    422,
    "validation",
  );
  await setUserStatus(server, client.user.id, "deleted");
  assertProblem(await admin.client.json("POST", verifyPath(client.user.id)), 404, "not-found");
});
