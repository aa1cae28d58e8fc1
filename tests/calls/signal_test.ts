/**
 * WebRTC signalling relay: offers, answers and ICE candidates go only from one party of a
 * live call to the other; anyone else, a wrong recipient, an oversized signal or a call that
 * is over gets an error and nothing is relayed.
 */
import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { connect, createDm, flush, party, ring } from "./helpers.ts";

const OFFER = { type: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" };
const ICE = { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid: "0" };

Deno.test("calls - signals are relayed between the two parties, both ways", async () => {
  await using server = await startTestServer();
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

  a.send({ type: "signal", callId: call.id, to: bob.id, signalType: "offer", signal: OFFER });
  for (const s of [b1, b2]) {
    const f = await s.next("signal");
    assert.deepEqual(f, {
      type: "signal",
      callId: call.id,
      from: ann.id,
      signalType: "offer",
      signal: OFFER,
    });
  }
  b1.send({ type: "signal", callId: call.id, to: ann.id, signalType: "ice", signal: ICE });
  const back = await a.next("signal");
  assert.equal(back.from, bob.id);
  assert.equal(back.signalType, "ice");
  assert.deepEqual(back.signal, ICE);
  await flush(a);
  assert.equal(a.all("signal").length, 1, "the sender does not get its own signal back");
});

Deno.test("calls - a third user, a wrong recipient, a huge signal or an ended call: error, no relay", async () => {
  await using server = await startTestServer();
  const [ann, bob, eve] = [
    await party(server, "Ann"),
    await party(server, "Bob"),
    await party(server, "Eve"),
  ];
  const dm = await createDm(server, ann, bob);
  await createDm(server, ann, eve);
  const [a, b, e] = [
    await connect(server, ann),
    await connect(server, bob),
    await connect(server, eve),
  ];
  const { call } = await ring(a, b, dm);

  // Signals may flow while it rings (the callee's side can prepare), but only between them.
  e.send({ type: "signal", callId: call.id, to: bob.id, signalType: "offer", signal: OFFER });
  assert.equal((await e.next("error", (f) => f.ref === call.id)).code, "forbidden");
  e.send({ type: "signal", callId: call.id, to: ann.id, signalType: "ice", signal: ICE });
  assert.equal((await e.next("error", (f) => f.ref === call.id)).code, "forbidden");

  a.send({ type: "signal", callId: call.id, to: eve.id, signalType: "offer", signal: OFFER });
  assert.equal((await a.next("error", (f) => f.ref === call.id)).code, "forbidden");
  a.send({ type: "signal", callId: call.id, to: ann.id, signalType: "offer", signal: OFFER });
  assert.equal((await a.next("error", (f) => f.ref === call.id)).code, "forbidden");

  const huge = { type: "offer", sdp: "a".repeat(40_000) };
  a.send({ type: "signal", callId: call.id, to: bob.id, signalType: "offer", signal: huge });
  assert.equal((await a.next("error", (f) => f.ref === call.id)).code, "bad_frame");

  b.send({ type: "call:accept", callId: call.id });
  await a.next("call:accepted");
  a.send({ type: "call:end", callId: call.id });
  await b.next("call:ended");
  a.send({ type: "signal", callId: call.id, to: bob.id, signalType: "ice", signal: ICE });
  const over = await a.next("error", (f) => f.ref === call.id);
  assert.equal(over.code, "conflict");

  for (const s of [a, b, e]) await flush(s);
  assert.equal(b.all("signal").length, 0, "Bob got no signal at all");
  assert.equal(a.all("signal").length, 0, "Ann got no signal at all");
  assert.equal(e.all("signal").length, 0);
});
