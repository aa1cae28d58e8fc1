import assert from "node:assert/strict";
import { apiClient } from "../helpers/api.ts";
import { assertFieldError, assertProblem, assertUnknownField } from "../helpers/problems.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { assertNoJobChanges } from "./db.ts";
import { futureIso, jobBody, postJob, rowCount, uploadPng, verifiedClient } from "./helpers.ts";

Deno.test("jobs - a client drafts a task, publishes it, and anyone can read it", async () => {
  await using server = await startTestServer();
  const { client, user } = await verifiedClient(server, "Carla Client");
  const draft = await postJob(client);
  assert.equal(draft.status, "draft");
  assert.deepEqual(draft.skills, ["furniture assembly", "drilling"]);
  assert.deepEqual(draft.budget, {
    type: "fixed",
    minMinor: 5000,
    maxMinor: 8000,
    currency: "GBP",
  });
  assert.deepEqual(draft.client, { id: user.id, displayName: "Carla Client" });
  assert.equal(draft.location.lat, 53.8008, "the owner sees exact coordinates");
  assert.equal(draft.proposalCount, 0);

  const anon = server.client();
  assertProblem(await anon.json("GET", `/api/v1/jobs/${draft.id}`), 404, "not-found");
  const { client: other } = await registerUser(server, { role: "worker" });
  assertProblem(await other.json("GET", `/api/v1/jobs/${draft.id}`), 404, "not-found");

  const published = await client.json("POST", `/api/v1/jobs/${draft.id}/publish`);
  assert.equal(published.status, 200);
  assert.equal(published.body.status, "open");
  assert.ok(published.body.publishedAt);
  assert.equal(
    await rowCount(server, "background_jobs", "kind = 'search.match_job'"),
    1,
    "publishing enqueues the match in the same transaction",
  );
  const seen = await anon.json("GET", `/api/v1/jobs/${draft.id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.location.lat, 53.8, "others see rounded coordinates");
  assertProblem(
    await client.json("POST", `/api/v1/jobs/${draft.id}/publish`),
    409,
    "invalid-transition",
  );
});

Deno.test("jobs - publishing needs a confirmed email; drafting does not", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server, { role: "client" });
  const refused = await client.json("POST", "/api/v1/jobs", jobBody({ publish: true }));
  assertProblem(refused, 403, "forbidden");
  assert.match(refused.body.detail, /Confirm your email/);
  assert.equal(await rowCount(server, "jobs"), 0);
  const draft = await postJob(client);
  const publish = await client.json("POST", `/api/v1/jobs/${draft.id}/publish`);
  assertProblem(publish, 403, "forbidden");
  assert.match(publish.body.detail, /draft/);
});

Deno.test("jobs - workers cannot post tasks", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server, { role: "worker" });
  assertProblem(await client.json("POST", "/api/v1/jobs", jobBody()), 403, "forbidden");
  assertProblem(
    await server.client().json("POST", "/api/v1/jobs", jobBody()),
    401,
    "unauthenticated",
  );
});

Deno.test("jobs - publish: true opens the task at once; remote tasks have no place", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const job = await postJob(client, { publish: true, remote: true, location: null });
  assert.equal(job.status, "open");
  assert.equal(job.remote, true);
  assert.equal(job.location, null);
});

Deno.test("jobs - create validates every field and changes nothing when refused", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const cases: [Record<string, unknown>, string][] = [
    [{ title: "abc" }, "body.title"],
    [{ title: "x".repeat(121) }, "body.title"],
    [{ description: "too short" }, "body.description"],
    [{ description: "x".repeat(10_001) }, "body.description"],
    [{ category: "astrology" }, "body.category"],
    [{ skills: Array.from({ length: 16 }, (_, i) => `skill${i}`) }, "body.skills"],
    [{ skills: ["<script>"] }, "body.skills.0"],
    [
      { budget: { type: "fixed", minMinor: 900, maxMinor: 100, currency: "GBP" } },
      "body.budget.maxMinor",
    ],
    [
      { budget: { type: "fixed", minMinor: 1.5, maxMinor: 100, currency: "GBP" } },
      "body.budget.minMinor",
    ],
    [
      { budget: { type: "weekly", minMinor: 1, maxMinor: 100, currency: "GBP" } },
      "body.budget.type",
    ],
    [
      { budget: { type: "fixed", minMinor: 1, maxMinor: 100, currency: "pounds" } },
      "body.budget.currency",
    ],
    [
      { budget: { type: "fixed", minMinor: -1, maxMinor: 100, currency: "GBP" } },
      "body.budget.minMinor",
    ],
    [{ deadline: "next tuesday" }, "body.deadline"],
    [{ deadline: new Date(Date.now() - 60_000).toISOString() }, "body.deadline"],
    [{ remote: false, location: null }, "body.location"],
    [{ remote: true }, "body.location"],
    [{ location: { name: "X", lat: 91, lng: 0, radiusKm: 5 } }, "body.location.lat"],
    [{ location: { name: "X", lat: 1, lng: 0, radiusKm: 0 } }, "body.location.radiusKm"],
    [{ location: { name: "X", lat: 1, lng: 0, radiusKm: 501 } }, "body.location.radiusKm"],
    [{ priorityTags: ["featured"] }, "body.priorityTags.0"],
    [{ attachments: ["../../etc/passwd"] }, "body.attachments.0"],
    [{ attachments: [crypto.randomUUID()] }, "body.attachments"],
    [{ remote: "yes" }, "body.remote"],
    [{ title: 42 }, "body.title"],
  ];
  await assertNoJobChanges(server, async () => {
    for (const [override, path] of cases) {
      assertFieldError(await client.json("POST", "/api/v1/jobs", jobBody(override)), path);
    }
    assertUnknownField(
      await client.json("POST", "/api/v1/jobs", { ...jobBody(), status: "open" }),
      "status",
    );
    const { budget: _b, ...noBudget } = jobBody();
    assertFieldError(await client.json("POST", "/api/v1/jobs", noBudget), "body.budget");
    assertProblem(
      await client.json("POST", "/api/v1/jobs", "[1,2", { "content-type": "application/json" }),
      400,
      "malformed-json",
    );
    assertProblem(
      await client.request("POST", "/api/v1/jobs", "x".repeat(1024 * 1024 + 10), {
        "content-type": "application/json",
      }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.json() })),
      413,
      "payload-too-large",
    );
  });
});

Deno.test("jobs - attachments must be the client's own uploads", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const { client: stranger } = await verifiedClient(server);
  const mine = await uploadPng(client);
  const theirs = await uploadPng(stranger);
  const refused = await client.json(
    "POST",
    "/api/v1/jobs",
    jobBody({ attachments: [mine, theirs] }),
  );
  assertFieldError(refused, "body.attachments");
  assert.match(JSON.stringify(refused.body.errors), new RegExp(theirs));
  assert.equal(await rowCount(server, "jobs"), 0, "the whole create rolled back");
  assert.equal(await rowCount(server, "attachments"), 0);
  const job = await postJob(client, { attachments: [mine] });
  assert.equal(job.attachments.length, 1);
  assert.equal(job.attachments[0].url, `/files/${mine}`);
  assert.equal(job.attachments[0].mime, "image/png");
});

Deno.test("jobs - only the owner edits, only while draft or open", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const { client: other } = await verifiedClient(server);
  const job = await postJob(client, { publish: true });

  const edited = await client.json("PATCH", `/api/v1/jobs/${job.id}`, {
    title: "Assemble two IKEA wardrobes",
    remote: true,
    skills: ["Assembly"],
  });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  assert.equal(edited.body.title, "Assemble two IKEA wardrobes");
  assert.equal(edited.body.remote, true);
  assert.equal(edited.body.location, null, "going remote drops the place");
  assert.deepEqual(edited.body.skills, ["assembly"]);

  await assertNoJobChanges(server, async () => {
    assertProblem(
      await other.json("PATCH", `/api/v1/jobs/${job.id}`, { title: "Mine now!" }),
      403,
      "forbidden",
    );
    assertProblem(await other.json("DELETE", `/api/v1/jobs/${job.id}`), 403, "forbidden");
    assertProblem(
      await client.json("PATCH", `/api/v1/jobs/${job.id}`, { remote: false }),
      422,
      "validation",
    );
    assertUnknownField(
      await client.json("PATCH", `/api/v1/jobs/${job.id}`, { status: "completed" }),
      "status",
    );
    assertProblem(
      await client.json("PATCH", `/api/v1/jobs/${crypto.randomUUID()}`, { title: "Hello there" }),
      404,
      "not-found",
    );
    assertFieldError(
      await client.json("PATCH", `/api/v1/jobs/${job.id}`, {
        budget: { type: "hourly", minMinor: 10, maxMinor: 5, currency: "EUR" },
      }),
      "body.budget.maxMinor",
    );
  });

  await server.deps.db.client.execute({
    sql: "UPDATE jobs SET status = 'in_progress' WHERE id = ?",
    args: [job.id],
  });
  await assertNoJobChanges(server, async () => {
    assertProblem(
      await client.json("PATCH", `/api/v1/jobs/${job.id}`, { title: "Too late now" }),
      409,
      "conflict",
    );
    assertProblem(await client.json("DELETE", `/api/v1/jobs/${job.id}`), 409, "invalid-transition");
  });
});

Deno.test("jobs - a draft is invisible to others: edits from them are 404", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const { client: other } = await verifiedClient(server);
  const job = await postJob(client);
  await assertNoJobChanges(server, async () => {
    assertProblem(
      await other.json("PATCH", `/api/v1/jobs/${job.id}`, { title: "Stolen draft" }),
      404,
      "not-found",
    );
    assertProblem(await other.json("DELETE", `/api/v1/jobs/${job.id}`), 404, "not-found");
    assertProblem(await other.json("POST", `/api/v1/jobs/${job.id}/publish`), 404, "not-found");
  });
});

Deno.test("jobs - delete cancels and hides the task, declines live proposals, keeps the row", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const { user: worker } = await registerUser(server, { role: "worker" });
  const job = await postJob(client, { publish: true });
  const now = Date.now();
  for (const [id, status] of [["p1", "submitted"], ["p2", "withdrawn"]]) {
    await server.deps.db.client.execute({
      sql: `INSERT INTO proposals (id, job_id, worker_id, kind, amount_minor, currency, status,
        created_at, updated_at) VALUES (?, ?, ?, 'instant', 5000, 'GBP', ?, ?, ?)`,
      args: [id, job.id, worker.id, status, now, now],
    });
  }
  const res = await client.request("DELETE", `/api/v1/jobs/${job.id}`);
  assert.equal(res.status, 204);
  assertProblem(await client.json("GET", `/api/v1/jobs/${job.id}`), 404, "not-found");
  const row = (await server.deps.db.client.execute({
    sql: "SELECT status, deleted_at FROM jobs WHERE id = ?",
    args: [job.id],
  })).rows[0];
  assert.equal(row.status, "cancelled");
  assert.ok(row.deleted_at);
  const statuses = (await server.deps.db.client.execute(
    "SELECT id, status FROM proposals ORDER BY id",
  )).rows.map((r) => r.status);
  assert.deepEqual(statuses, ["declined", "withdrawn"]);
  assert.equal(await rowCount(server, "notifications", `user_id = '${worker.id}'`), 1);
  assertProblem(await client.json("DELETE", `/api/v1/jobs/${job.id}`), 404, "not-found");
  const mine = await client.json("GET", "/api/v1/jobs?mine=1");
  assert.equal(mine.body.items.length, 0);
});

Deno.test("jobs - mine=1 lists the client's own tasks in every state with proposal counts", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const { client: other } = await verifiedClient(server);
  const draft = await postJob(client, { title: "A draft task" });
  const open = await postJob(client, { title: "An open task", publish: true });
  await postJob(other, { title: "Someone else's", publish: true });
  const res = await client.json("GET", "/api/v1/jobs?mine=1&limit=1");
  assert.equal(res.status, 200);
  assert.equal(res.body.items.length, 1);
  assert.equal(res.body.items[0].id, open.id);
  assert.equal(res.body.items[0].proposalCount, 0);
  const next = await client.json(
    "GET",
    `/api/v1/jobs?mine=1&limit=1&cursor=${res.body.nextCursor}`,
  );
  assert.deepEqual(next.body.items.map((j: { id: string }) => j.id), [draft.id]);
  assert.equal(next.body.items[0].status, "draft");
  assert.equal(next.body.nextCursor, null);
  assertProblem(await server.client().json("GET", "/api/v1/jobs?mine=1"), 401, "unauthenticated");
  const bearer = apiClient(server);
  assertProblem(await bearer.json("GET", "/api/v1/jobs?mine=maybe"), 422, "validation");
});

Deno.test("jobs - a deadline must be in the future", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const job = await postJob(client, { deadline: futureIso(1) });
  assertFieldError(
    await client.json("PATCH", `/api/v1/jobs/${job.id}`, { deadline: "2001-01-01T00:00:00Z" }),
    "body.deadline",
  );
  const cleared = await client.json("PATCH", `/api/v1/jobs/${job.id}`, { deadline: null });
  assert.equal(cleared.body.deadline, null);
});
