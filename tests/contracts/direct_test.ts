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

Deno.test("direct - deliver, approve, mark paid, confirm receipt: one ledger payment at confirmation, fee 0", async () => {
  await using server = await startTestServer();
  const h = await hire(server, { paymentMode: "direct", amountMinor: 7_500 });
  const { client, worker, contractId, milestoneId } = h;

  let c = await getContract(worker.client, contractId);
  assert.equal(c.milestones[0].paymentMode, "direct");
  assert.deepEqual(c.milestones[0].actions, ["submit"], "no funding step for direct");
  assert.deepEqual((await getContract(client.client, contractId)).milestones[0].actions, []);

  await act(worker.client, milestoneId, "submit", { note: "Done." });
  const approved = await act(client.client, milestoneId, "approve");
  assert.equal(approved.status, "approved");
  assert.ok(approved.approvedAt);
  assert.equal(approved.releasedAt, null);
  assert.deepEqual(await assertLedgerBalanced(server), {}, "nothing moves at approval");

  const paid = await act(client.client, milestoneId, "mark-paid");
  assert.equal(paid.status, "paid");
  assert.ok(paid.paidAt);
  assert.deepEqual(
    await assertLedgerBalanced(server),
    {},
    "the client's claim alone records nothing",
  );
  c = await getContract(worker.client, contractId);
  assert.deepEqual(c.milestones[0].actions, ["confirm-receipt"]);

  const confirmed = await act(worker.client, milestoneId, "confirm-receipt");
  assert.equal(confirmed.status, "released");
  assert.equal(confirmed.version, 4);
  const balances = await assertLedgerBalanced(server);
  assert.deepEqual(balances, {
    [`client:${client.id}`]: -7_500,
    [`worker:${worker.id}`]: 7_500,
    "platform:fees": 0,
  });

  c = await getContract(client.client, contractId);
  assert.equal(c.status, "completed");
  assert.equal(await jobStatus(server, h.jobId), "completed");
  assert.deepEqual(c.ledger.paidDirectly, { amountMinor: 7_500, currency: "EUR" });
  assert.deepEqual(c.ledger.released, { amountMinor: 0, currency: "EUR" });
  assert.deepEqual(c.ledger.platformFee, { amountMinor: 0, currency: "EUR" });

  assert.deepEqual((await notificationsOf(server, worker.id)).map((n) => n.type), [
    "proposal.accepted",
    "milestone.approved",
    "milestone.paid",
    "contract.completed",
  ]);
  assert.deepEqual((await notificationsOf(server, client.id)).map((n) => n.type), [
    "proposal.received",
    "milestone.submitted",
    "milestone.receipt_confirmed",
    "contract.completed",
  ]);
});
