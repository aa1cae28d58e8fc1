import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import {
  act,
  assertLedgerBalanced,
  getContract,
  hire,
  jobStatus,
  notificationsOf,
} from "./helpers.ts";

Deno.test("escrow - fund, deliver, revise, deliver, approve: funds held then released, fee 0, contract completes", async () => {
  await using server = await startTestServer();
  const h = await hire(server, { amountMinor: 10_000 });
  const { client, worker, contractId, milestoneId } = h;
  assert.equal(await jobStatus(server, h.jobId), "in_progress");

  let c = await getContract(client.client, contractId);
  assert.equal(c.status, "active");
  assert.equal(c.viewerRole, "client");
  assert.equal(c.worker.id, worker.id);
  assert.equal(c.milestones.length, 1);
  assert.equal(c.milestones[0].title, "Complete the work");
  assert.deepEqual(c.milestones[0].amount, { amountMinor: 10_000, currency: "EUR" });
  assert.equal(c.milestones[0].paymentMode, "escrow");
  assert.equal(c.milestones[0].status, "pending");
  assert.deepEqual(c.milestones[0].actions, ["fund"]);
  const due = Date.parse(c.milestones[0].dueAt) - Date.parse(c.createdAt);
  assert.equal(due, 3 * 86_400_000, "due after the quoted 3 days");
  assert.deepEqual((await getContract(worker.client, contractId)).milestones[0].actions, []);

  const funded = await act(client.client, milestoneId, "fund");
  assert.equal(funded.status, "funded");
  assert.equal(funded.version, 1);
  assert.ok(funded.fundedAt);
  let balances = await assertLedgerBalanced(server);
  assert.equal(balances[`client:${client.id}`], -10_000);
  assert.equal(balances[`held:${contractId}`], 10_000);
  c = await getContract(worker.client, contractId);
  assert.deepEqual(c.milestones[0].actions, ["submit"]);
  assert.deepEqual(c.ledger.held, { amountMinor: 10_000, currency: "EUR" });

  const first = await act(worker.client, milestoneId, "submit", {
    note: "Built, photos attached.",
  });
  assert.equal(first.status, "submitted");
  assert.ok(first.submittedAt);
  c = await getContract(client.client, contractId);
  assert.deepEqual(c.milestones[0].actions.sort(), ["approve", "request-revision"]);

  const revised = await act(client.client, milestoneId, "request-revision", {
    note: "One door hangs crooked.",
  });
  assert.equal(revised.status, "revision_requested");
  await act(worker.client, milestoneId, "submit", { note: "Door adjusted." });
  const approved = await act(client.client, milestoneId, "approve");
  assert.equal(approved.status, "released");
  assert.equal(approved.version, 5);
  assert.ok(approved.releasedAt && approved.approvedAt);

  balances = await assertLedgerBalanced(server);
  assert.equal(balances[`client:${client.id}`], -10_000);
  assert.equal(balances[`held:${contractId}`], 0);
  assert.equal(balances[`worker:${worker.id}`], 10_000);
  assert.equal(balances["platform:fees"], 0);
  const fee = await server.deps.db.client.execute(
    "SELECT count(*) AS n FROM ledger_entries WHERE account = 'platform:fees'",
  );
  assert.equal(Number(fee.rows[0].n), 1, "the fee line is recorded, at 0");

  c = await getContract(worker.client, contractId);
  assert.equal(c.status, "completed");
  assert.ok(c.completedAt);
  assert.equal(await jobStatus(server, h.jobId), "completed");
  assert.deepEqual(c.ledger, {
    held: { amountMinor: 0, currency: "EUR" },
    released: { amountMinor: 10_000, currency: "EUR" },
    paidDirectly: { amountMinor: 0, currency: "EUR" },
    refunded: { amountMinor: 0, currency: "EUR" },
    platformFee: { amountMinor: 0, currency: "EUR" },
  });
  const [d1, d2] = c.milestones[0].deliverables;
  assert.equal(d1.note, "Built, photos attached.");
  assert.equal(d1.revisionNote, "One door hangs crooked.");
  assert.equal(d2.note, "Door adjusted.");
  assert.equal(d2.revisionNote, null);
  assert.deepEqual(c.milestones[0].actions, []);

  const workerTypes = (await notificationsOf(server, worker.id)).map((n) => n.type);
  assert.deepEqual(workerTypes, [
    "proposal.accepted",
    "milestone.funded",
    "milestone.revision_requested",
    "milestone.released",
    "contract.completed",
  ]);
  const clientTypes = (await notificationsOf(server, client.id)).map((n) => n.type);
  assert.deepEqual(clientTypes, [
    "proposal.received",
    "milestone.submitted",
    "milestone.submitted",
    "contract.completed",
  ]);

  const list = await worker.client.json("GET", "/api/v1/contracts?status=completed");
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 1);
  assert.equal(list.body.items[0].otherParty.id, client.id);
  assert.deepEqual(list.body.items[0].milestones, { total: 1, closed: 1, current: null });
  assert.deepEqual(list.body.items[0].amounts.released, { amountMinor: 10_000, currency: "EUR" });
  assert.equal(
    (await worker.client.json("GET", "/api/v1/contracts?status=active")).body.items.length,
    0,
  );
});

Deno.test("escrow - a second milestone keeps the contract open until it is released too", async () => {
  await using server = await startTestServer();
  const { client, worker, contractId, milestoneId } = await hire(server);
  const added = await client.client.json("POST", `/api/v1/contracts/${contractId}/milestones`, {
    title: "Fit the shelves",
    amount: { amountMinor: 4_000, currency: "EUR" },
    dueAt: new Date(server.deps.clock.now() + 7 * 86_400_000).toISOString().slice(0, 10),
  });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  assert.equal(added.body.position, 2);
  assert.equal(added.body.paymentMode, "escrow");
  assert.ok(added.body.dueAt.endsWith("T23:59:59.000Z"));
  const second = added.body.id;

  for (const id of [milestoneId, second]) await act(client.client, id, "fund");
  await act(worker.client, milestoneId, "submit", { note: "Wardrobe done." });
  await act(client.client, milestoneId, "approve");
  let c = await getContract(client.client, contractId);
  assert.equal(c.status, "active", "one milestone is still open");
  assert.deepEqual(c.ledger.held, { amountMinor: 4_000, currency: "EUR" });
  await act(worker.client, second, "submit", { note: "Shelves done." });
  await act(client.client, second, "approve");
  c = await getContract(client.client, contractId);
  assert.equal(c.status, "completed");
  const balances = await assertLedgerBalanced(server);
  assert.equal(balances[`worker:${worker.id}`], 14_000);
  assert.equal(balances[`held:${contractId}`], 0);
});
