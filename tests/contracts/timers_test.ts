import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { startTestServer } from "../helpers/server.ts";
import {
  act,
  assertLedgerBalanced,
  DAY,
  getContract,
  hire,
  notificationsOf,
  refreshSessions,
} from "./helpers.ts";

const HOUR = 3600_000;

async function typesOf(server: Parameters<typeof notificationsOf>[0], userId: string) {
  return (await notificationsOf(server, userId)).map((n) => n.type);
}

Deno.test("timers - reminders on day 5 and 12, then the escrow milestone is released on day 14", async () => {
  const clock = createManualClock(Date.UTC(2025, 0, 1));
  await using server = await startTestServer({ clock });
  const { client, worker, contractId, milestoneId } = await hire(server);
  await act(client.client, milestoneId, "fund");
  await act(worker.client, milestoneId, "submit", { note: "All done." });
  await server.drainJobs();
  const reminders = () =>
    typesOf(server, client.id).then((t) => t.filter((x) => x === "milestone.reminder"));

  clock.advance(5 * DAY - HOUR);
  await server.drainJobs();
  assert.equal((await reminders()).length, 0, "nothing before day 5");
  clock.advance(HOUR);
  await server.drainJobs();
  assert.equal((await reminders()).length, 1, "the day-5 reminder");
  const [first] = (await notificationsOf(server, client.id)).filter((n) =>
    n.type === "milestone.reminder"
  );
  assert.match(first.body, /5 days ago.*in 9 days/);

  clock.advance(7 * DAY);
  await server.drainJobs();
  assert.equal((await reminders()).length, 2, "the day-12 reminder");
  await refreshSessions(client.client);
  assert.equal((await getContract(client.client, contractId)).milestones[0].status, "submitted");

  clock.advance(2 * DAY);
  await server.drainJobs();
  await refreshSessions(client.client, worker.client);
  const c = await getContract(worker.client, contractId);
  assert.equal(c.milestones[0].status, "released");
  assert.equal(c.status, "completed");
  const balances = await assertLedgerBalanced(server);
  assert.equal(balances[`worker:${worker.id}`], 10_000);
  assert.equal(balances[`held:${contractId}`], 0);
  const released = (await notificationsOf(server, worker.id)).find((n) =>
    n.type === "milestone.released"
  );
  assert.match(released!.body, /automatically/);
  const failed = await server.deps.db.client.execute(
    "SELECT count(*) AS n FROM background_jobs WHERE status <> 'done'",
  );
  assert.equal(Number(failed.rows[0].n), 0, "every timer ran cleanly");
});

Deno.test("timers - a stale timer after a revision does nothing; the resubmission gets its own", async () => {
  const clock = createManualClock(Date.UTC(2025, 0, 1));
  await using server = await startTestServer({ clock });
  const { client, worker, contractId, milestoneId } = await hire(server);
  await act(client.client, milestoneId, "fund");
  await act(worker.client, milestoneId, "submit", { note: "First try." });
  clock.advance(3 * DAY);
  await refreshSessions(client.client, worker.client);
  await act(client.client, milestoneId, "request-revision", { note: "Please fix the door." });
  clock.advance(2 * DAY);
  await refreshSessions(client.client, worker.client);
  await act(worker.client, milestoneId, "submit", { note: "Fixed." });

  // Day 14 of the first submission: its timers are stale.
  clock.advance(9 * DAY);
  await server.drainJobs();
  await refreshSessions(client.client);
  let c = await getContract(client.client, contractId);
  assert.equal(c.milestones[0].status, "submitted", "the first auto-release did nothing");
  const reminders = (await typesOf(server, client.id)).filter((t) => t === "milestone.reminder");
  assert.equal(reminders.length, 1, "only the second submission's day-5 reminder so far");

  // Day 14 of the second submission.
  clock.advance(5 * DAY);
  await server.drainJobs();
  await refreshSessions(client.client);
  c = await getContract(client.client, contractId);
  assert.equal(c.milestones[0].status, "released");
});

Deno.test("timers - a direct milestone is approved on day 14 and the client is asked to pay", async () => {
  const clock = createManualClock(Date.UTC(2025, 0, 1));
  await using server = await startTestServer({ clock });
  const { client, worker, contractId, milestoneId } = await hire(server, { paymentMode: "direct" });
  await act(worker.client, milestoneId, "submit", { note: "Done." });
  clock.advance(14 * DAY);
  await server.drainJobs();
  await refreshSessions(client.client);
  const c = await getContract(client.client, contractId);
  assert.equal(c.milestones[0].status, "approved");
  assert.deepEqual(c.milestones[0].actions, ["mark-paid"]);
  assert.equal(c.status, "active");
  const notes = await notificationsOf(server, client.id);
  assert.equal(notes.at(-1)!.type, "milestone.payment_due");
  assert.deepEqual(await assertLedgerBalanced(server), {}, "no money recorded until receipt");
});

Deno.test("timers - an auto-release waiting in the queue survives a restart and fires after 14 days", async () => {
  const clock = createManualClock(Date.UTC(2025, 0, 1));
  const first = await startTestServer({ clock, keepData: true });
  const { client, worker, contractId, milestoneId } = await hire(first);
  await act(client.client, milestoneId, "fund");
  await act(worker.client, milestoneId, "submit", { note: "Delivered before the restart." });
  await first.stop();

  await using second = await startTestServer({ clock, env: { DATA_DIR: first.dataDir } });
  clock.advance(14 * DAY);
  const ran = await second.drainJobs();
  assert.ok(ran >= 3, `reminders and the auto-release ran after the restart (${ran})`);
  const viewer = second.client();
  for (const [k, v] of worker.client.cookies) viewer.cookies.set(k, v);
  await refreshSessions(viewer);
  const c = await getContract(viewer, contractId);
  assert.equal(c.milestones[0].status, "released");
  const balances = await assertLedgerBalanced(second);
  assert.equal(balances[`worker:${worker.id}`], 10_000);
});
