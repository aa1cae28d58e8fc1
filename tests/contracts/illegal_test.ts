import assert from "node:assert/strict";
import { assertProblem } from "../helpers/problems.ts";
import { startTestServer, type TestClient, type TestServer } from "../helpers/server.ts";
import { act, assertNoRowsChange, hire, party } from "./helpers.ts";

async function refused(
  server: TestServer,
  client: TestClient,
  milestoneId: string,
  action: string,
  status: number,
  slug: string,
  body: unknown = {},
) {
  const res = await assertNoRowsChange(
    server,
    () => client.json("POST", `/api/v1/milestones/${milestoneId}/${action}`, body),
    `${action} → ${status}`,
  );
  assertProblem(res, status, slug);
  return res;
}

const SUBMIT = { note: "Here it is." };

Deno.test("milestones - illegal escrow moves answer 409 and change nothing", async () => {
  await using server = await startTestServer();
  const { client, worker, milestoneId } = await hire(server);
  const c = client.client, w = worker.client;

  await refused(server, c, milestoneId, "approve", 409, "invalid-transition");
  await refused(server, c, milestoneId, "request-revision", 409, "invalid-transition", SUBMIT);
  await refused(server, w, milestoneId, "submit", 409, "invalid-transition", SUBMIT);
  await refused(server, c, milestoneId, "mark-paid", 409, "invalid-transition");
  await refused(server, w, milestoneId, "confirm-receipt", 409, "invalid-transition");

  await act(c, milestoneId, "fund");
  const twice = await refused(server, c, milestoneId, "fund", 409, "invalid-transition");
  assert.match(twice.body.detail, /cannot fund a milestone that is funded/);
  await refused(server, c, milestoneId, "approve", 409, "invalid-transition");

  await act(w, milestoneId, "submit", SUBMIT);
  await refused(server, w, milestoneId, "submit", 409, "invalid-transition", SUBMIT);
  await act(c, milestoneId, "approve");
  await refused(server, c, milestoneId, "approve", 409, "invalid-transition");
  await refused(server, c, milestoneId, "request-revision", 409, "invalid-transition", SUBMIT);
});

Deno.test("milestones - direct milestones cannot be funded, nor paid before approval", async () => {
  await using server = await startTestServer();
  const { client, worker, milestoneId } = await hire(server, { paymentMode: "direct" });
  await refused(server, client.client, milestoneId, "fund", 409, "invalid-transition");
  await refused(server, client.client, milestoneId, "mark-paid", 409, "invalid-transition");
  await act(worker.client, milestoneId, "submit", SUBMIT);
  await refused(server, worker.client, milestoneId, "confirm-receipt", 409, "invalid-transition");
  await act(client.client, milestoneId, "approve");
  await refused(server, worker.client, milestoneId, "confirm-receipt", 409, "invalid-transition");
  await act(client.client, milestoneId, "mark-paid");
  await refused(server, client.client, milestoneId, "mark-paid", 409, "invalid-transition");
});

Deno.test("milestones - the wrong party gets 403 and changes nothing", async () => {
  await using server = await startTestServer();
  const { client, worker, milestoneId } = await hire(server);
  await refused(server, worker.client, milestoneId, "fund", 403, "forbidden");
  await refused(server, worker.client, milestoneId, "approve", 403, "forbidden");
  await refused(server, worker.client, milestoneId, "mark-paid", 403, "forbidden");
  await refused(server, worker.client, milestoneId, "request-revision", 403, "forbidden", SUBMIT);
  await refused(server, client.client, milestoneId, "submit", 403, "forbidden", SUBMIT);
  await refused(server, client.client, milestoneId, "confirm-receipt", 403, "forbidden");
});

Deno.test("milestones - another client or worker gets 404 on every object route, nothing changes", async () => {
  await using server = await startTestServer();
  const { contractId, milestoneId, proposalId, jobId } = await hire(server);
  const outsiders = [await party(server, "client"), await party(server, "worker")];
  for (const o of outsiders) {
    const routes: [string, string, unknown][] = [
      ["GET", `/api/v1/contracts/${contractId}`, undefined],
      ["POST", `/api/v1/contracts/${contractId}/milestones`, {
        title: "More",
        amount: { amountMinor: 100, currency: "EUR" },
      }],
      ["POST", `/api/v1/contracts/${contractId}/dispute`, { reason: "x".repeat(30) }],
      ["GET", `/api/v1/proposals/${proposalId}`, undefined],
      ["GET", `/api/v1/jobs/${jobId}/proposals`, undefined],
      ...["fund", "mark-paid", "confirm-receipt", "approve"].map((a) =>
        ["POST", `/api/v1/milestones/${milestoneId}/${a}`, {}] as [string, string, unknown]
      ),
      ["POST", `/api/v1/milestones/${milestoneId}/submit`, SUBMIT],
      ["POST", `/api/v1/milestones/${milestoneId}/request-revision`, SUBMIT],
      ...["shortlist", "reject", "accept", "withdraw"].map((a) =>
        ["POST", `/api/v1/proposals/${proposalId}/${a}`, {}] as [string, string, unknown]
      ),
    ];
    for (const [method, path, body] of routes) {
      const res = await assertNoRowsChange(server, () => o.client.json(method, path, body), path);
      assertProblem(res, 404, "not-found");
    }
    const list = await o.client.json("GET", "/api/v1/contracts");
    assert.deepEqual(list.body.items, []);
  }
  for (
    const path of [`/api/v1/contracts/${contractId}`, `/api/v1/milestones/${milestoneId}/fund`]
  ) {
    const isPost = path.includes("fund");
    const res = await server.client().json(isPost ? "POST" : "GET", path, isPost ? {} : undefined);
    assertProblem(res, 401, "unauthenticated");
  }
});

Deno.test("milestones - a disputed contract freezes every milestone action with a clear 409", async () => {
  await using server = await startTestServer();
  const { client, worker, contractId, milestoneId } = await hire(server);
  await act(client.client, milestoneId, "fund");
  const opened = await worker.client.json("POST", `/api/v1/contracts/${contractId}/dispute`, {
    reason: "The client changed the scope after funding.",
  });
  assert.equal(opened.status, 201);
  const res = await refused(
    server,
    worker.client,
    milestoneId,
    "submit",
    409,
    "invalid-transition",
    SUBMIT,
  );
  assert.match(res.body.detail, /disputed/);
  await refused(server, client.client, milestoneId, "approve", 409, "invalid-transition");
  const add = await assertNoRowsChange(
    server,
    () =>
      client.client.json("POST", `/api/v1/contracts/${contractId}/milestones`, {
        title: "More work",
        amount: { amountMinor: 500, currency: "EUR" },
      }),
  );
  assertProblem(add, 409, "invalid-transition");
  assert.match(add.body.detail, /disputed/);
  const again = await assertNoRowsChange(
    server,
    () =>
      client.client.json("POST", `/api/v1/contracts/${contractId}/dispute`, {
        reason: "A second dispute on the same contract.",
      }),
  );
  assertProblem(again, 409, "invalid-transition");
});

Deno.test("milestones - only the client adds milestones, in the contract's currency, due in the future", async () => {
  await using server = await startTestServer();
  const { client, worker, contractId } = await hire(server);
  const path = `/api/v1/contracts/${contractId}/milestones`;
  const ok = { title: "Shelves", amount: { amountMinor: 500, currency: "EUR" } };
  assertProblem(
    await assertNoRowsChange(server, () => worker.client.json("POST", path, ok)),
    403,
    "forbidden",
  );
  const usd = await assertNoRowsChange(
    server,
    () =>
      client.client.json("POST", path, { ...ok, amount: { amountMinor: 500, currency: "USD" } }),
  );
  assertProblem(usd, 422, "validation");
  assert.equal(usd.body.errors[0].path, "body.amount.currency");
  const past = await assertNoRowsChange(
    server,
    () => client.client.json("POST", path, { ...ok, dueAt: "2001-01-01" }),
  );
  assertProblem(past, 422, "validation");
  assert.equal(past.body.errors[0].path, "body.dueAt");
  const direct = await client.client.json("POST", path, { ...ok, paymentMode: "direct" });
  assert.equal(direct.status, 201);
  assert.deepEqual(direct.body.actions, []);
  assert.equal(direct.body.paymentMode, "direct");
});
