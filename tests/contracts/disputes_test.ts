import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { assertProblem } from "../helpers/problems.ts";
import { startTestServer } from "../helpers/server.ts";
import {
  act,
  assertLedgerBalanced,
  assertNoRowsChange,
  DAY,
  getContract,
  hire,
  makeAdmin,
  notificationsOf,
  party,
  refreshSessions,
} from "./helpers.ts";

const REASON = "The work was delivered half done and the worker stopped answering.";

Deno.test("disputes - unanswered for 5 days it goes to an admin, who refunds the funds held", async () => {
  const clock = createManualClock(Date.UTC(2025, 0, 1));
  await using server = await startTestServer({ clock });
  const { client, worker, contractId, milestoneId, jobId } = await hire(server);
  await act(client.client, milestoneId, "fund");
  const opened = await client.client.json("POST", `/api/v1/contracts/${contractId}/dispute`, {
    reason: REASON,
  });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  assert.equal(opened.body.status, "open");
  assert.equal(opened.body.openedBy.id, client.id);
  assert.equal(Date.parse(opened.body.respondBy), clock.now() + 5 * DAY);
  let c = await getContract(worker.client, contractId);
  assert.equal(c.status, "disputed");
  assert.equal(c.dispute.id, opened.body.id);
  assert.deepEqual(c.milestones[0].actions, [], "frozen: no actions offered");

  clock.advance(5 * DAY - 1);
  await server.drainJobs();
  await refreshSessions(client.client, worker.client);
  assert.equal((await getContract(client.client, contractId)).dispute.status, "open");
  clock.advance(1);
  await server.drainJobs();
  c = await getContract(client.client, contractId);
  assert.equal(c.dispute.status, "awaiting_admin");
  const late = await assertNoRowsChange(
    server,
    () =>
      worker.client.json("POST", `/api/v1/disputes/${opened.body.id}/answer`, {
        response: "Too late now.",
      }),
  );
  assertProblem(late, 409, "invalid-transition");

  const admin = await makeAdmin(server);
  const queue = await admin.client.json("GET", "/api/v1/admin/disputes?status=awaiting_admin");
  assert.deepEqual(queue.body.items.map((d: { id: string }) => d.id), [opened.body.id]);
  const adminView = await admin.client.json("GET", `/api/v1/contracts/${contractId}`);
  assert.equal(adminView.status, 200);
  assert.equal(adminView.body.viewerRole, "admin");

  const resolved = await admin.client.json(
    "POST",
    `/api/v1/admin/disputes/${opened.body.id}/resolve`,
    { outcome: "refund", note: "No delivery was made." },
  );
  assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
  assert.equal(resolved.body.status, "resolved");
  c = await getContract(client.client, contractId);
  assert.equal(c.status, "active", "refunded only: back to active, the client may add work");
  assert.equal(c.milestones[0].status, "refunded");
  assert.equal(c.dispute, null);
  assert.equal(c.disputes.length, 1);
  assert.deepEqual(c.ledger.refunded, { amountMinor: 10_000, currency: "EUR" });
  const balances = await assertLedgerBalanced(server);
  assert.equal(balances[`client:${client.id}`], 0);
  assert.equal(balances[`held:${contractId}`], 0);
  assert.equal(balances[`worker:${worker.id}`], undefined);
  const types = (await notificationsOf(server, worker.id)).map((n) => n.type);
  assert.deepEqual(types.slice(-3), ["dispute.opened", "dispute.escalated", "dispute.resolved"]);
  assert.equal(
    (await server.deps.db.client.execute({
      sql: "SELECT status FROM jobs WHERE id = ?",
      args: [jobId],
    }))
      .rows[0].status,
    "in_progress",
  );
});

Deno.test("disputes - the other side answers; an admin releases and the contract completes", async () => {
  await using server = await startTestServer();
  const { client, worker, contractId, milestoneId } = await hire(server);
  await act(client.client, milestoneId, "fund");
  await act(worker.client, milestoneId, "submit", { note: "Delivered." });
  const d = (await worker.client.json("POST", `/api/v1/contracts/${contractId}/dispute`, {
    reason: "The client neither approves nor answers my messages.",
  })).body;
  const own = await assertNoRowsChange(
    server,
    () => worker.client.json("POST", `/api/v1/disputes/${d.id}/answer`, { response: "Me again." }),
  );
  assertProblem(own, 403, "forbidden");
  const answered = await client.client.json("POST", `/api/v1/disputes/${d.id}/answer`, {
    response: "I was travelling; the work is fine.",
  });
  assert.equal(answered.status, 200);
  assert.equal(answered.body.status, "answered");
  assert.equal(answered.body.response, "I was travelling; the work is fine.");
  assertProblem(
    await client.client.json("POST", `/api/v1/disputes/${d.id}/answer`, { response: "Again." }),
    409,
    "invalid-transition",
  );

  // Non-admins: a party gets 403, an outsider 404; nothing changes.
  const outsider = await party(server, "client");
  const body = { outcome: "release", note: "Pay the worker." };
  const path = `/api/v1/admin/disputes/${d.id}/resolve`;
  assertProblem(
    await assertNoRowsChange(server, () => client.client.json("POST", path, body)),
    403,
    "forbidden",
  );
  assertProblem(
    await assertNoRowsChange(server, () => outsider.client.json("POST", path, body)),
    404,
    "not-found",
  );
  assertProblem(await outsider.client.json("GET", "/api/v1/admin/disputes"), 403, "forbidden");
  assertProblem(await outsider.client.json("GET", `/api/v1/disputes/${d.id}`), 404, "not-found");

  const admin = await makeAdmin(server);
  const res = await admin.client.json("POST", path, body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.match(res.body.resolution, /^release: Pay the worker\./);
  const c = await getContract(worker.client, contractId);
  assert.equal(c.milestones[0].status, "released");
  assert.equal(c.status, "completed");
  const balances = await assertLedgerBalanced(server);
  assert.equal(balances[`worker:${worker.id}`], 10_000);
  assert.equal(balances["platform:fees"], 0);
  assertProblem(
    await assertNoRowsChange(server, () => admin.client.json("POST", path, body)),
    409,
    "invalid-transition",
  );
});

Deno.test("disputes - resume moves no money and restarts the answer period of a submitted milestone", async () => {
  const clock = createManualClock(Date.UTC(2025, 0, 1));
  await using server = await startTestServer({ clock });
  const { client, worker, contractId, milestoneId } = await hire(server);
  await act(client.client, milestoneId, "fund");
  await act(worker.client, milestoneId, "submit", { note: "Delivered." });
  const d = (await client.client.json("POST", `/api/v1/contracts/${contractId}/dispute`, {
    reason: "Not what we agreed on at all, please look.",
  })).body;
  clock.advance(15 * DAY);
  await server.drainJobs();
  const admin = await makeAdmin(server);
  await refreshSessions(client.client, worker.client);
  let c = await getContract(client.client, contractId);
  assert.equal(c.milestones[0].status, "submitted", "no auto-release while disputed");
  const r = await admin.client.json("POST", `/api/v1/admin/disputes/${d.id}/resolve`, {
    outcome: "resume",
    note: "Talk it through.",
  });
  assert.equal(r.status, 200);
  c = await getContract(client.client, contractId);
  assert.equal(c.status, "active");
  assert.deepEqual(c.milestones[0].actions.sort(), ["approve", "request-revision"]);
  assert.deepEqual(c.ledger.held, { amountMinor: 10_000, currency: "EUR" });

  clock.advance(14 * DAY);
  await server.drainJobs();
  await refreshSessions(client.client);
  c = await getContract(client.client, contractId);
  assert.equal(c.milestones[0].status, "released", "a fresh 14 days after resuming");
});

Deno.test("disputes - admins cannot open one; a completed contract cannot be disputed", async () => {
  await using server = await startTestServer();
  const { client, worker, contractId, milestoneId } = await hire(server, { paymentMode: "direct" });
  const admin = await makeAdmin(server);
  const path = `/api/v1/contracts/${contractId}/dispute`;
  assertProblem(
    await assertNoRowsChange(server, () => admin.client.json("POST", path, { reason: REASON })),
    403,
    "forbidden",
  );
  await act(worker.client, milestoneId, "submit", { note: "Done." });
  await act(client.client, milestoneId, "approve");
  await act(client.client, milestoneId, "mark-paid");
  await act(worker.client, milestoneId, "confirm-receipt");
  const res = await assertNoRowsChange(
    server,
    () => client.client.json("POST", path, { reason: REASON }),
  );
  assertProblem(res, 409, "invalid-transition");
});
