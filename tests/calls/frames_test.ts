/**
 * The call frames over real WebSockets: initiate → call:ringing / incoming_call (with the ICE
 * servers), accept, reject, end by either party, and who may do what.
 */
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { backgroundJobs } from "@/db/schema.ts";
import { createManualClock } from "@/server/clock.ts";
import { startTestServer } from "../helpers/server.ts";
import {
  callMessages,
  callRow,
  connect,
  createChannel,
  createDm,
  createJobThread,
  flush,
  party,
  ring,
} from "./helpers.ts";

const ICE = [
  { urls: "stun:stun.example.org:3478" },
  { urls: ["turn:turn.example.org:3478"], username: "u1", credential: "secret" },
];

Deno.test("calls - initiate rings the callee with the ICE servers, and no one else", async () => {
  const clock = createManualClock();
  await using server = await startTestServer({
    clock,
    env: { ICE_SERVERS: JSON.stringify(ICE) },
  });
  const [ann, bob, eve] = [
    await party(server, "Ann"),
    await party(server, "Bob"),
    await party(server, "Eve"),
  ];
  const dm = await createDm(server, ann, bob);
  await createDm(server, ann, eve); // Eve shares a conversation with the caller, not this one
  const [a1, a2, b, e] = [
    await connect(server, ann),
    await connect(server, ann),
    await connect(server, bob),
    await connect(server, eve),
  ];
  const { call, ringing, incoming } = await ring(a1, b, dm, "audio");
  assert.deepEqual(ringing.iceServers, ICE);
  assert.deepEqual(incoming.iceServers, ICE);
  assert.equal(incoming.call.callerId, ann.id);
  assert.equal(incoming.call.calleeId, bob.id);
  assert.equal(incoming.call.media, "audio");
  assert.equal(incoming.call.status, "ringing");
  await a2.next("call:ringing", (f) => f.call.id === call.id); // the caller's other tab knows
  await flush(e);
  assert.equal(e.all("incoming_call").length, 0, "Eve hears nothing");
  assert.equal(a1.all("incoming_call").length, 0, "the caller is not rung");

  const row = await callRow(server, call.id);
  assert.equal(row.status, "ringing");
  const [job] = await server.deps.db.orm.select().from(backgroundJobs).where(
    and(eq(backgroundJobs.kind, "call.ring_timeout"), eq(backgroundJobs.status, "pending")),
  );
  assert.deepEqual(job.payload, { callId: call.id });
  assert.equal(job.runAt, clock.now() + 30_000);
});

Deno.test("calls - accept makes the call active for both users, on every tab", async () => {
  await using server = await startTestServer();
  const [ann, bob] = [await party(server, "Ann"), await party(server, "Bob")];
  const thread = await createJobThread(server, ann, bob); // job threads can be called too
  const [a, b1, b2] = [
    await connect(server, ann),
    await connect(server, bob),
    await connect(server, bob),
  ];
  const { call } = await ring(a, b1, thread);
  await b2.next("incoming_call", (f) => f.call.id === call.id);

  a.send({ type: "call:accept", callId: call.id });
  const refused = await a.next("error", (f) => f.ref === call.id);
  assert.equal(refused.code, "forbidden", "the caller cannot accept their own call");

  b1.send({ type: "call:accept", callId: call.id });
  for (const s of [a, b1, b2]) {
    const f = await s.next("call:accepted", (f) => f.call.id === call.id);
    assert.equal(f.call.status, "active");
  }
  const row = await callRow(server, call.id);
  assert.equal(row.status, "active");
  assert.ok(row.answeredAt);

  b2.send({ type: "call:accept", callId: call.id });
  assert.equal((await b2.next("error", (f) => f.ref === call.id)).code, "conflict");
});

Deno.test("calls - the callee declines: rejected for both, and a call message", async () => {
  await using server = await startTestServer();
  const [ann, bob] = [await party(server, "Ann"), await party(server, "Bob")];
  const dm = await createDm(server, ann, bob);
  const [a, b] = [await connect(server, ann), await connect(server, bob)];
  const { call } = await ring(a, b, dm);

  a.send({ type: "call:reject", callId: call.id });
  assert.equal((await a.next("error", (f) => f.ref === call.id)).code, "forbidden");

  b.send({ type: "call:reject", callId: call.id, reason: "In a meeting" });
  for (const s of [a, b]) {
    const f = await s.next("call:rejected", (f) => f.call.id === call.id);
    assert.equal(f.reason, "In a meeting");
    assert.equal(f.call.status, "rejected");
  }
  assert.equal((await callRow(server, call.id)).status, "rejected");
  const [message] = await callMessages(server, dm);
  assert.equal(message?.content, "Declined video call");
  await a.next("new_message", (f) => f.message.kind === "call");
  await b.next("new_message", (f) => f.message.kind === "call");

  b.send({ type: "call:accept", callId: call.id });
  assert.equal((await b.next("error", (f) => f.ref === call.id)).code, "conflict");
});

Deno.test("calls - the caller cancels while it rings", async () => {
  await using server = await startTestServer();
  const [ann, bob] = [await party(server, "Ann"), await party(server, "Bob")];
  const dm = await createDm(server, ann, bob);
  const [a, b] = [await connect(server, ann), await connect(server, bob)];
  const { call } = await ring(a, b, dm, "audio");
  a.send({ type: "call:end", callId: call.id });
  for (const s of [a, b]) {
    assert.equal((await s.next("call:ended", (f) => f.call.id === call.id)).reason, "cancelled");
  }
  const row = await callRow(server, call.id);
  assert.equal(row.status, "ended");
  assert.equal(row.answeredAt, null);
  assert.equal((await callMessages(server, dm))[0]?.content, "Cancelled audio call");
});

Deno.test("calls - either party hangs up an answered call; the message has its duration", async () => {
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const [ann, bob] = [await party(server, "Ann"), await party(server, "Bob")];
  const dm = await createDm(server, ann, bob);
  const [a, b] = [await connect(server, ann), await connect(server, bob)];

  // The callee hangs up.
  const first = (await ring(a, b, dm)).call;
  b.send({ type: "call:accept", callId: first.id });
  await a.next("call:accepted");
  clock.advance(65_000);
  b.send({ type: "call:end", callId: first.id });
  for (const s of [a, b]) {
    const f = await s.next("call:ended", (f) => f.call.id === first.id);
    assert.equal(f.reason, "hangup");
    assert.equal(f.call.status, "ended");
  }

  // The caller hangs up the next one.
  const second = (await ring(a, b, dm, "audio")).call;
  b.send({ type: "call:accept", callId: second.id });
  await a.next("call:accepted", (f) => f.call.id === second.id);
  clock.advance(3_725_000);
  a.send({ type: "call:end", callId: second.id });
  await b.next("call:ended", (f) => f.call.id === second.id);

  assert.deepEqual((await callMessages(server, dm)).map((m) => [m.content, m.senderId]), [
    ["Video call · 1:05", ann.id],
    ["Audio call · 1:02:05", ann.id],
  ]);
  a.send({ type: "call:end", callId: second.id });
  assert.equal((await a.next("error", (f) => f.ref === second.id)).code, "conflict");
});

Deno.test("calls - strangers and channels: nobody rings, nothing is recorded", async () => {
  await using server = await startTestServer();
  const [ann, bob, eve] = [
    await party(server, "Ann"),
    await party(server, "Bob"),
    await party(server, "Eve"),
  ];
  const dm = await createDm(server, ann, bob);
  const channel = await createChannel(server, [ann, bob]);
  const [a, b, e] = [
    await connect(server, ann),
    await connect(server, bob),
    await connect(server, eve),
  ];

  e.send({ type: "call:initiate", conversationId: dm, media: "video" });
  const notMember = await e.next("error", (f) => f.ref === dm);
  assert.equal(notMember.code, "not_found");

  a.send({ type: "call:initiate", conversationId: channel, media: "audio" });
  const refused = await a.next("error", (f) => f.ref === channel);
  assert.equal(refused.code, "forbidden");
  assert.match(refused.message, /Channels cannot be called/);

  a.send({ type: "call:initiate", conversationId: "no-such-conversation", media: "audio" });
  assert.equal((await a.next("error", (f) => f.ref === "no-such-conversation")).code, "not_found");

  // A call's frames from a stranger: the call is not theirs to see.
  const { call } = await ring(a, b, dm);
  for (
    const frame of [
      { type: "call:accept", callId: call.id },
      { type: "call:reject", callId: call.id },
      { type: "call:end", callId: call.id },
    ] as const
  ) {
    e.send(frame);
    assert.equal((await e.next("error", (f) => f.ref === call.id)).code, "not_found");
  }
  assert.equal((await callRow(server, call.id)).status, "ringing");
  await flush(b);
  assert.equal(b.all("incoming_call").length, 1, "only Ann's real call rang Bob");
  const rows = await server.deps.db.client.execute("SELECT count(*) AS n FROM calls");
  assert.equal(Number(rows.rows[0].n), 1);
});
