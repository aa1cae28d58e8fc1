import assert from "node:assert/strict";
import { apiClient } from "../helpers/api.ts";
import { setUserStatus } from "../helpers/db.ts";
import { assertFieldError, assertProblem, assertUnknownField } from "../helpers/problems.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { location, readHtml } from "../pages/html.ts";
import { assertSocialUnchanged, clientAndWorker } from "./helpers.ts";

const notePath = (workerId: string) => `/api/v1/users/${workerId}/note`;

Deno.test("notes - a client writes, reads, replaces and deletes a private note", async () => {
  await using server = await startTestServer();
  const { client, worker } = await clientAndWorker(server);
  const path = notePath(worker.user.id);
  assertProblem(await client.client.json("GET", path), 404, "not-found");
  const put = await client.client.json("PUT", path, { note: "  Good with tiles; slow emails.  " });
  assert.equal(put.status, 200);
  assert.equal(put.body.note, "Good with tiles; slow emails.");
  assert.equal(put.body.workerId, worker.user.id);
  const again = await client.client.json("PUT", path, { note: "Hire again." });
  assert.equal(again.body.note, "Hire again.");
  assert.equal((await client.client.json("GET", path)).body.note, "Hire again.");
  const del = await client.client.request("DELETE", path);
  assert.equal(del.status, 204);
  assertProblem(await client.client.json("GET", path), 404, "not-found");
  assertProblem(await client.client.json("DELETE", path), 404, "not-found");
});

Deno.test("notes - only that client ever sees it; everyone else gets 404", async () => {
  await using server = await startTestServer();
  const { client, worker } = await clientAndWorker(server);
  const otherClient = await registerUser(server, { role: "client" });
  const otherWorker = await registerUser(server, { role: "worker" });
  const path = notePath(worker.user.id);
  await client.client.json("PUT", path, { note: "Secret: quoted twice the going rate." });

  // Another client has no note of their own (and cannot see this one).
  assertProblem(await otherClient.client.json("GET", path), 404, "not-found");
  for (const who of [worker, otherWorker]) {
    for (const method of ["GET", "DELETE"]) {
      assertProblem(
        await assertSocialUnchanged(server, () => who.client.json(method, path)),
        404,
        "not-found",
      );
    }
    assertProblem(
      await assertSocialUnchanged(server, () => who.client.json("PUT", path, { note: "mine" })),
      404,
      "not-found",
    );
  }
  // The target must be an active worker.
  for (const target of [client.user.id, otherClient.user.id, crypto.randomUUID()]) {
    assertProblem(
      await assertSocialUnchanged(
        server,
        () => client.client.json("PUT", notePath(target), { note: "x" }),
      ),
      404,
      "not-found",
    );
  }
  await setUserStatus(server, otherWorker.user.id, "banned");
  assertProblem(
    await client.client.json("PUT", notePath(otherWorker.user.id), { note: "x" }),
    404,
    "not-found",
  );
  assertProblem(await apiClient(server).json("GET", path), 401, "unauthenticated");

  // Neither the worker's profile (page or API) nor the worker's own view reveals it.
  const api = await worker.client.json("GET", `/api/v1/users/${worker.user.id}/profile`);
  assert.doesNotMatch(JSON.stringify(api.body), /Secret/);
  const asWorker = await readHtml(await worker.client.request("GET", `/users/${worker.user.id}`));
  assert.doesNotMatch(asWorker.text, /Secret|Private note/);
  const asOther = await readHtml(
    await otherClient.client.request("GET", `/users/${worker.user.id}`),
  );
  assert.doesNotMatch(asOther.text, /Secret/);
  assert.ok(asOther.document.querySelector("#note textarea"), "other clients get their own form");
  const asOwner = await readHtml(await client.client.request("GET", `/users/${worker.user.id}`));
  assert.match(asOwner.document.querySelector("#note textarea")?.textContent ?? "", /Secret/);
});

Deno.test("notes - bad input is refused and changes nothing", async () => {
  await using server = await startTestServer();
  const { client, worker } = await clientAndWorker(server);
  const path = notePath(worker.user.id);
  const cases: [unknown, string][] = [
    [{ note: "" }, "body.note"],
    [{ note: "   " }, "body.note"],
    [{ note: "x".repeat(2001) }, "body.note"],
    [{ note: 42 }, "body.note"],
    [{}, "body.note"],
  ];
  for (const [body, field] of cases) {
    assertFieldError(
      await assertSocialUnchanged(server, () => client.client.json("PUT", path, body), field),
      field,
    );
  }
  assertUnknownField(
    await assertSocialUnchanged(
      server,
      () => client.client.json("PUT", path, { note: "ok", clientId: "x" }),
    ),
    "clientId",
  );
  assert.equal((await client.client.json("PUT", path, { note: "x".repeat(2000) })).status, 200);
});

Deno.test("notes page - the profile form saves and deletes the note without JavaScript", async () => {
  await using server = await startTestServer();
  const { client, worker } = await clientAndWorker(server);
  const page = `/users/${worker.user.id}`;
  const saved = await client.client.form(page, { intent: "note-save", note: "<b>Reliable</b>" });
  assert.equal(saved.status, 303);
  assert.equal(location(saved), `${page}?note=saved`);
  const { document, text } = await readHtml(
    await client.client.request("GET", `${page}?note=saved`),
  );
  // linkedom keeps a textarea's text as written: escaped, as the browser received it.
  const raw = document.querySelector("#note textarea")?.textContent ?? "";
  assert.match(raw, /Reliable/);
  assert.doesNotMatch(raw, /<b>/);
  assert.doesNotMatch(text, /<b>Reliable<\/b>/);

  const tooLong = await client.client.form(page, { intent: "note-save", note: "x".repeat(2001) });
  assert.equal(tooLong.status, 422);
  const failed = await readHtml(tooLong);
  assert.ok(failed.document.getElementById("f-note-error"));
  assert.equal(
    (await client.client.json("GET", notePath(worker.user.id))).body.note,
    "<b>Reliable</b>",
  );

  const byWorker = await worker.client.form(page, { intent: "note-save", note: "hi" });
  assert.equal(byWorker.status, 404);
  await byWorker.body?.cancel();

  const del = await client.client.form(page, { intent: "note-delete" });
  assert.equal(del.status, 303);
  assertProblem(await client.client.json("GET", notePath(worker.user.id)), 404, "not-found");
});
