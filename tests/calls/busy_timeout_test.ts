/**
 * Busy handling and the ring timeout: a callee in a live call makes a new call fail as busy;
 * a call nobody answers in 30 s becomes missed (job queue, manual clock); stale timers are
 * harmless.
 */
import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { startTestServer } from "../helpers/server.ts";
import {
  callMessages,
  callRow,
  connect,
  createDm,
  flush,
  notificationsOf,
  party,
  ring,
} from "./helpers.ts";

Deno.test("calls - calling someone already in a call fails as busy and leaves a call message", async () => {
  await using server = await startTestServer();
  const [ann, bob, cat] = [
    await party(server, "Ann"),
    await party(server, "Bob"),
    await party(server, "Cat"),
  ];
  const annBob = await createDm(server, ann, bob);
  const catBob = await createDm(server, cat, bob);
  const [a, b, c] = [
    await connect(server, ann),
    await connect(server, bob),
    await connect(server, cat),
  ];
  const { call } = await ring(a, b, annBob);

  // Ringing counts as busy…
  c.send({ type: "call:initiate", conversationId: catBob, media: "audio" });
  const failed = await c.next("call:failed");
  assert.equal(failed.reason, "busy");
  const busyRow = await callRow(server, failed.callId);
  assert.equal(busyRow.status, "failed");
  assert.equal(busyRow.endReason, "busy");
  assert.equal(busyRow.calleeId, bob.id);
  const [message] = await callMessages(server, catBob);
  assert.equal(message?.content, "Missed audio call (busy)");
  assert.equal(message?.senderId, cat.id);
  await b.next("new_message", (f) => f.message.conversationId === catBob);
  await flush(b);
  assert.equal(b.all("incoming_call").length, 1, "Bob was not rung a second time");

  // …and so does an answered call; the caller cannot start a second call either.
  b.send({ type: "call:accept", callId: call.id });
  await a.next("call:accepted");
  c.send({ type: "call:initiate", conversationId: catBob, media: "video" });
  assert.equal((await c.next("call:failed")).reason, "busy");
  a.send({ type: "call:initiate", conversationId: annBob, media: "video" });
  const self = await a.next("error", (f) => f.ref === annBob);
  assert.equal(self.code, "conflict");
  assert.match(self.message, /already in a call/);

  // Once it is over, Bob can be called again.
  a.send({ type: "call:end", callId: call.id });
  await b.next("call:ended");
  c.send({ type: "call:initiate", conversationId: catBob, media: "video" });
  await b.next("incoming_call", (f) => f.call.callerId === cat.id);
});

Deno.test("calls - no answer in 30 s: missed for both, a call message and a notification", async () => {
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const [ann, bob] = [await party(server, "Ann"), await party(server, "Bob")];
  const dm = await createDm(server, ann, bob);
  const [a, b] = [await connect(server, ann), await connect(server, bob)];
  const { call } = await ring(a, b, dm);

  clock.advance(29_999);
  await server.drainJobs();
  assert.equal((await callRow(server, call.id)).status, "ringing", "still ringing at 29.999 s");

  clock.advance(1);
  assert.equal(await server.drainJobs(), 1);
  for (const s of [a, b]) {
    const ended = await s.next("call:ended", (f) => f.call.id === call.id);
    assert.equal(ended.reason, "missed");
    assert.equal(ended.call.status, "missed");
    await s.next("new_message", (f) => f.message.kind === "call");
  }
  assert.equal((await callRow(server, call.id)).status, "missed");
  assert.deepEqual((await callMessages(server, dm)).map((m) => m.content), ["Missed video call"]);
  const [note] = (await notificationsOf(server, bob.id)).filter((n) => n.type === "call.missed");
  assert.equal(note?.title, "Missed video call from Ann");
  assert.equal(note?.link, `/messages/${dm}`);
  const pushed = await b.next("notification", (f) => f.notification.type === "call.missed");
  assert.equal(pushed.notification.title, "Missed video call from Ann");
  assert.equal((await notificationsOf(server, ann.id)).length, 0, "the caller gets none");

  // A late accept finds the call over.
  b.send({ type: "call:accept", callId: call.id });
  assert.equal((await b.next("error", (f) => f.ref === call.id)).code, "conflict");
});

Deno.test("calls - the ring timeout of an answered call does nothing", async () => {
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const [ann, bob] = [await party(server, "Ann"), await party(server, "Bob")];
  const dm = await createDm(server, ann, bob);
  const [a, b] = [await connect(server, ann), await connect(server, bob)];
  const { call } = await ring(a, b, dm);
  b.send({ type: "call:accept", callId: call.id });
  await a.next("call:accepted");
  await server.drainJobs(); // the sign-up mails

  clock.advance(60_000);
  assert.equal(await server.drainJobs(), 1);
  assert.equal((await callRow(server, call.id)).status, "active");
  await flush(a);
  assert.equal(a.all("call:ended").length, 0);
  assert.equal((await callMessages(server, dm)).length, 0);
  const failed = await server.deps.db.client.execute(
    "SELECT count(*) AS n FROM background_jobs WHERE status <> 'done'",
  );
  assert.equal(Number(failed.rows[0].n), 0, "the stale timer completed cleanly");
});

Deno.test("calls - at most 10 calls a minute per caller", async () => {
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const [ann, bob] = [await party(server, "Ann"), await party(server, "Bob")];
  const dm = await createDm(server, ann, bob);
  const [a, b] = [await connect(server, ann), await connect(server, bob)];
  for (let i = 0; i < 10; i++) {
    const { call } = await ring(a, b, dm, "audio");
    a.send({ type: "call:end", callId: call.id });
    await b.next("call:ended", (f) => f.call.id === call.id);
  }
  a.send({ type: "call:initiate", conversationId: dm, media: "audio" });
  const limited = await a.next("error", (f) => f.ref === dm);
  assert.equal(limited.code, "rate_limited");
  assert.ok(limited.retryAfter! > 0);
  await flush(b);
  assert.equal(b.all("incoming_call").length, 10);

  clock.advance(60_000);
  await ring(a, b, dm, "audio");
});
