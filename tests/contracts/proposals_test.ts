import assert from "node:assert/strict";
import { assertProblem } from "../helpers/problems.ts";
import { startTestServer } from "../helpers/server.ts";
import {
  assertNoRowsChange,
  COVER,
  insertOpenJob,
  jobStatus,
  marketplace,
  notificationsOf,
  party,
  quote,
} from "./helpers.ts";

Deno.test("proposals - instant apply takes a fixed job's maximum, an hourly job's minimum", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const res = await worker.client.json("POST", `/api/v1/jobs/${jobId}/proposals`, {
    kind: "instant",
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.kind, "instant");
  assert.deepEqual(res.body.amount, { amountMinor: 12_000, currency: "EUR" });
  assert.equal(res.body.status, "submitted");
  assert.equal(res.body.durationDays, null);
  assert.equal(res.body.worker.id, worker.id);

  const hourly = await insertOpenJob(server, client.id, {
    budgetType: "hourly",
    budgetMinMinor: 2_500,
    budgetMaxMinor: 4_000,
  });
  const h = await worker.client.json("POST", `/api/v1/jobs/${hourly}/proposals`, {
    kind: "instant",
    message: "Available tomorrow.",
  });
  assert.deepEqual(h.body.amount, { amountMinor: 2_500, currency: "EUR" });
  assert.equal(h.body.coverLetter, "Available tomorrow.");

  const notes = await notificationsOf(server, client.id);
  assert.equal(notes.length, 2);
  assert.equal(notes[0].type, "proposal.received");
  assert.equal(notes[0].link, `/jobs/${jobId}/proposals`);
});

Deno.test("proposals - a quote carries amount, duration, cover letter; the client lists, the worker sees theirs", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const sent = await worker.client.json("POST", `/api/v1/jobs/${jobId}/proposals`, quote(9_900));
  assert.equal(sent.status, 201);
  assert.equal(sent.body.durationDays, 3);
  assert.equal(sent.body.coverLetter, COVER);
  assert.deepEqual(sent.body.attachments, []);

  const list = await client.client.json("GET", `/api/v1/jobs/${jobId}/proposals`);
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 1);
  assert.equal(list.body.items[0].worker.displayName, worker.name);
  const mine = await worker.client.json("GET", "/api/v1/proposals?status=submitted");
  assert.deepEqual(mine.body.items.map((p: { id: string }) => p.id), [sent.body.id]);
  assert.deepEqual(
    (await worker.client.json("GET", "/api/v1/proposals?status=accepted")).body.items,
    [],
  );

  const other = await party(server, "client");
  const hidden = await other.client.json("GET", `/api/v1/jobs/${jobId}/proposals`);
  assertProblem(hidden, 404, "not-found");
  assertProblem(
    await worker.client.json("GET", `/api/v1/jobs/${jobId}/proposals`),
    404,
    "not-found",
  );
});

Deno.test("proposals - one live proposal per worker per job; withdrawing allows a new one", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const path = `/api/v1/jobs/${jobId}/proposals`;
  const first = await worker.client.json("POST", path, quote());
  const dup = await assertNoRowsChange(
    server,
    () => worker.client.json("POST", path, { kind: "instant" }),
  );
  assertProblem(dup, 409, "conflict");
  assert.match(dup.body.detail, /already have a live proposal/);

  const withdrawn = await worker.client.json("POST", `/api/v1/proposals/${first.body.id}/withdraw`);
  assert.equal(withdrawn.status, 200);
  assert.equal(withdrawn.body.status, "withdrawn");
  const again = await worker.client.json("POST", path, quote(8_000));
  assert.equal(again.status, 201);

  await client.client.json("POST", `/api/v1/proposals/${again.body.id}/reject`);
  const third = await worker.client.json("POST", path, { kind: "instant" });
  assert.equal(third.status, 201, "a rejected proposal is not live either");

  const replay = await assertNoRowsChange(
    server,
    () => worker.client.json("POST", `/api/v1/proposals/${first.body.id}/withdraw`),
  );
  assertProblem(replay, 409, "invalid-transition");
});

Deno.test("proposals - only workers apply, only to open jobs they can see", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const otherClient = await party(server, "client");
  for (const who of [client, otherClient]) {
    const res = await assertNoRowsChange(
      server,
      () => who.client.json("POST", `/api/v1/jobs/${jobId}/proposals`, { kind: "instant" }),
    );
    assertProblem(res, 403, "forbidden");
  }
  const draft = await insertOpenJob(server, client.id, { status: "draft", publishedAt: null });
  const deleted = await insertOpenJob(server, client.id, { deletedAt: 1 });
  for (const id of [draft, deleted, "no-such-job"]) {
    const res = await assertNoRowsChange(
      server,
      () => worker.client.json("POST", `/api/v1/jobs/${id}/proposals`, { kind: "instant" }),
    );
    assertProblem(res, 404, "not-found");
  }
  const cancelled = await insertOpenJob(server, client.id, { status: "cancelled" });
  const res = await assertNoRowsChange(
    server,
    () => worker.client.json("POST", `/api/v1/jobs/${cancelled}/proposals`, { kind: "instant" }),
  );
  assertProblem(res, 409, "invalid-transition");
  assert.match(res.body.detail, /no longer taking proposals/);
  const zero = await insertOpenJob(server, client.id, {
    budgetType: "hourly",
    budgetMinMinor: 0,
    budgetMaxMinor: 0,
  });
  assertProblem(
    await worker.client.json("POST", `/api/v1/jobs/${zero}/proposals`, { kind: "instant" }),
    409,
    "conflict",
  );
});

Deno.test("proposals - shortlist, reject and accept are the client's; withdraw is the worker's (403 otherwise)", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const p = (await worker.client.json("POST", `/api/v1/jobs/${jobId}/proposals`, quote())).body;
  for (const action of ["shortlist", "reject", "accept"]) {
    const res = await assertNoRowsChange(
      server,
      () => worker.client.json("POST", `/api/v1/proposals/${p.id}/${action}`, {}),
    );
    assertProblem(res, 403, "forbidden");
  }
  const w = await assertNoRowsChange(
    server,
    () => client.client.json("POST", `/api/v1/proposals/${p.id}/withdraw`, {}),
  );
  assertProblem(w, 403, "forbidden");

  const shortlisted = await client.client.json("POST", `/api/v1/proposals/${p.id}/shortlist`);
  assert.equal(shortlisted.body.status, "shortlisted");
  assert.ok(shortlisted.body.firstResponseAt, "the first answer is timed");
  const again = await assertNoRowsChange(
    server,
    () => client.client.json("POST", `/api/v1/proposals/${p.id}/shortlist`),
  );
  assertProblem(again, 409, "invalid-transition");
  const rejected = await client.client.json("POST", `/api/v1/proposals/${p.id}/reject`);
  assert.equal(rejected.body.status, "rejected");
  assert.equal(
    rejected.body.firstResponseAt,
    shortlisted.body.firstResponseAt,
    "kept from the first",
  );
  assertProblem(
    await client.client.json("POST", `/api/v1/proposals/${p.id}/accept`),
    409,
    "invalid-transition",
  );
  assert.deepEqual((await notificationsOf(server, worker.id)).map((n) => n.type), [
    "proposal.shortlisted",
    "proposal.rejected",
  ]);
});

Deno.test("proposals - accepting hires: the others are declined and told, the job is in progress", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const others = [await party(server, "worker"), await party(server, "worker")];
  const path = `/api/v1/jobs/${jobId}/proposals`;
  const chosen = (await worker.client.json("POST", path, quote(10_000))).body;
  const lost: { id: string }[] = [];
  for (const o of others) lost.push((await o.client.json("POST", path, { kind: "instant" })).body);
  await client.client.json("POST", `/api/v1/proposals/${lost[0].id}/shortlist`);

  const res = await client.client.json("POST", `/api/v1/proposals/${chosen.id}/accept`, {
    paymentMode: "direct",
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.proposal.status, "accepted");
  assert.equal(res.body.proposal.contractId, res.body.contractId);
  assert.equal(await jobStatus(server, jobId), "in_progress");

  for (const [i, o] of others.entries()) {
    const mine = await o.client.json("GET", `/api/v1/proposals/${lost[i].id}`);
    assert.equal(mine.body.status, "declined");
    const notes = await notificationsOf(server, o.id);
    assert.equal(notes.at(-1)!.type, "proposal.declined");
    assert.match(notes.at(-1)!.title, /was filled/);
  }
  const hired = await notificationsOf(server, worker.id);
  assert.equal(hired.at(-1)!.type, "proposal.accepted");
  assert.equal(hired.at(-1)!.link, `/contracts/${res.body.contractId}`);

  const contract = await worker.client.json("GET", `/api/v1/contracts/${res.body.contractId}`);
  assert.equal(contract.body.milestones[0].paymentMode, "direct");
  assert.equal(contract.body.title, "Assemble a wardrobe");

  const late = await party(server, "worker");
  const closed = await assertNoRowsChange(
    server,
    () => late.client.json("POST", path, { kind: "instant" }),
  );
  assertProblem(closed, 409, "invalid-transition");
  const second = await assertNoRowsChange(
    server,
    () => client.client.json("POST", `/api/v1/proposals/${lost[1].id}/accept`),
  );
  assertProblem(second, 409, "invalid-transition");
});

Deno.test("proposals - two racing applications by one worker leave one live proposal", async () => {
  await using server = await startTestServer();
  const { worker, jobId } = await marketplace(server);
  const path = `/api/v1/jobs/${jobId}/proposals`;
  const results = await Promise.all([
    worker.client.json("POST", path, { kind: "instant" }),
    worker.client.json("POST", path, quote()),
    worker.client.json("POST", path, { kind: "instant" }),
  ]);
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409]);
  const live = await server.deps.db.client.execute(
    "SELECT count(*) AS n FROM proposals WHERE status = 'submitted'",
  );
  assert.equal(Number(live.rows[0].n), 1);
});
