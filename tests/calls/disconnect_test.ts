/**
 * Calls whose party goes away: after the disconnect grace period a user offline everywhere has
 * their call ended with reason "disconnected"; another open tab keeps it; a call left live by
 * an instance that died never makes anyone busy forever.
 */
import assert from "node:assert/strict";
import { calls } from "@/db/schema_chat.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { callRow, connect, createDm, flush, party, ring } from "./helpers.ts";

/** Resolves when the server next asks whether `userId` is online (the grace timer fired). */
function nextPresenceCheck(server: TestServer, userId: string): Promise<boolean> {
  const realtime = server.deps.realtime;
  const original = realtime.isOnline;
  const { promise, resolve } = Promise.withResolvers<boolean>();
  realtime.isOnline = async (id) => {
    const online = await original.call(realtime, id);
    if (id === userId) {
      realtime.isOnline = original;
      resolve(online);
    }
    return online;
  };
  return promise;
}

Deno.test("calls - a party gone for good: the call ends as disconnected after the grace", async () => {
  await using server = await startTestServer();
  server.deps.gateway.features.calls.settings.graceMs = 20;
  const [ann, bob] = [await party(server, "Ann"), await party(server, "Bob")];
  const dm = await createDm(server, ann, bob);
  const [a, b] = [await connect(server, ann), await connect(server, bob)];
  const { call } = await ring(a, b, dm);
  b.send({ type: "call:accept", callId: call.id });
  await a.next("call:accepted");

  await b.close();
  const ended = await a.next("call:ended", (f) => f.call.id === call.id);
  assert.equal(ended.reason, "disconnected");
  const row = await callRow(server, call.id);
  assert.equal(row.status, "ended");
  assert.equal(row.endReason, "disconnected");
  await a.next("new_message", (f) => f.message.kind === "call");
});

Deno.test("calls - the caller leaving while it rings cancels the call; the callee stops ringing", async () => {
  await using server = await startTestServer();
  server.deps.gateway.features.calls.settings.graceMs = 0;
  const [ann, bob] = [await party(server, "Ann"), await party(server, "Bob")];
  const dm = await createDm(server, ann, bob);
  const [a, b] = [await connect(server, ann), await connect(server, bob)];
  const { call } = await ring(a, b, dm);
  await a.close();
  const ended = await b.next("call:ended", (f) => f.call.id === call.id);
  assert.equal(ended.reason, "disconnected");
  assert.equal(ended.call.status, "ended");
});

Deno.test("calls - closing one of two tabs keeps the call", async () => {
  await using server = await startTestServer();
  server.deps.gateway.features.calls.settings.graceMs = 0;
  const [ann, bob] = [await party(server, "Ann"), await party(server, "Bob")];
  const dm = await createDm(server, ann, bob);
  const [a, b1, b2] = [
    await connect(server, ann),
    await connect(server, bob),
    await connect(server, bob),
  ];
  const { call } = await ring(a, b1, dm);
  b1.send({ type: "call:accept", callId: call.id });
  await a.next("call:accepted");

  const checked = nextPresenceCheck(server, bob.id);
  await b2.close();
  assert.equal(await checked, true, "Bob is still online in his other tab");
  await flush(a);
  assert.equal(a.all("call:ended").length, 0);
  assert.equal((await callRow(server, call.id)).status, "active");
});

Deno.test("calls - a call left live by a vanished instance does not keep anyone busy", async () => {
  await using server = await startTestServer();
  const [ann, bob, cat] = [
    await party(server, "Ann"),
    await party(server, "Bob"),
    await party(server, "Cat"),
  ];
  const annBob = await createDm(server, ann, bob);
  const catBob = await createDm(server, cat, bob);
  // Ann's instance died mid-call: the row says active, but Ann is connected nowhere.
  const now = server.deps.clock.now();
  const staleId = crypto.randomUUID();
  await server.deps.db.write((tx) =>
    tx.insert(calls).values({
      id: staleId,
      conversationId: annBob,
      callerId: ann.id,
      calleeId: bob.id,
      media: "audio",
      status: "active",
      createdAt: now - 60_000,
      answeredAt: now - 55_000,
    })
  );
  const [b, c] = [await connect(server, bob), await connect(server, cat)];
  c.send({ type: "call:initiate", conversationId: catBob, media: "audio" });
  const ended = await b.next("call:ended", (f) => f.call.id === staleId);
  assert.equal(ended.reason, "disconnected");
  await b.next("incoming_call", (f) => f.call.callerId === cat.id);
  assert.equal((await callRow(server, staleId)).status, "ended");
});
