import assert from "node:assert/strict";
import { CHAT_LIMITS, CLOSE } from "@/lib/chat_protocol.ts";
import { startTestServer } from "../helpers/server.ts";
import { connectAs } from "../helpers/ws.ts";
import { countRows, msgId, openDm, person } from "./setup.ts";

Deno.test("ws limits - the 61st message in a minute is rate_limited and not stored", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  const first = msgId();
  for (let i = 0; i < CHAT_LIMITS.messagesPerMinute; i++) {
    a.send({
      type: "send_message",
      conversationId: dm.id,
      clientMsgId: i === 0 ? first : msgId(),
      content: `message ${i}`,
    });
  }
  const last = await a.next("ack", (f) => f.seq === CHAT_LIMITS.messagesPerMinute);
  assert.ok(last);
  const over = msgId();
  a.send({
    type: "send_message",
    conversationId: dm.id,
    clientMsgId: over,
    content: "one too many",
  });
  const err = await a.next("error");
  assert.equal(err.code, "rate_limited");
  assert.equal(err.ref, over);
  assert.ok(err.retryAfter! >= 1 && err.retryAfter! <= 60, String(err.retryAfter));
  assert.equal(
    await countRows(server, "SELECT count(*) FROM messages WHERE client_msg_id = ?", [over]),
    0,
  );
  assert.equal(await countRows(server, "SELECT count(*) FROM messages"), 60);
  // A resend of a stored message is still answered: retries never cost a message.
  a.send({ type: "send_message", conversationId: dm.id, clientMsgId: first, content: "message 0" });
  assert.equal((await a.next("ack", (f) => f.clientMsgId === first)).seq, 1);
  // The HTTP fallback shares the same per-user budget.
  const res = await ana.client.json("POST", `/api/v1/conversations/${dm.id}/messages`, {
    clientMsgId: msgId(),
    content: "over HTTP",
  });
  assert.equal(res.status, 429);
  await a.close();
});

Deno.test("ws limits - a frame over 64 KB closes the socket with 1009; 64 KB exactly is fine", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const a = await connectAs(server, ana.client);
  const ping = '{"type":"ping","t":7}';
  a.send(ping + " ".repeat(CHAT_LIMITS.maxFrameBytes - ping.length));
  assert.deepEqual(await a.next("pong"), { type: "pong", t: 7 });
  a.send(ping + " ".repeat(CHAT_LIMITS.maxFrameBytes - ping.length + 1));
  assert.equal(await a.closeCode(), CLOSE.tooBig);
  // Multi-byte characters count as bytes, not characters.
  const b = await connectAs(server, ana.client);
  b.send(JSON.stringify({ type: "ping", pad: "é".repeat(CHAT_LIMITS.maxFrameBytes / 2) }));
  assert.equal(await b.closeCode(), CLOSE.tooBig);
});

Deno.test("ws limits - content over 5,000 characters, or empty, is refused and not stored", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  a.send({
    type: "send_message",
    conversationId: dm.id,
    clientMsgId: msgId(),
    content: "x".repeat(CHAT_LIMITS.maxContent + 1),
  });
  const tooLong = await a.next("error");
  assert.equal(tooLong.code, "bad_frame");
  assert.match(tooLong.message, /content/);
  a.send({ type: "send_message", conversationId: dm.id, clientMsgId: msgId(), content: "   " });
  const empty = await a.next("error");
  assert.equal(empty.code, "bad_frame");
  assert.match(empty.message, /Write a message/);
  a.send({
    type: "send_message",
    conversationId: dm.id,
    clientMsgId: msgId(),
    content: "y".repeat(CHAT_LIMITS.maxContent),
  });
  assert.equal((await a.next("ack")).seq, 1);
  assert.equal(await countRows(server, "SELECT count(*) FROM messages"), 1);
  assert.ok(a.isOpen);
  await a.close();
});

Deno.test("ws limits - malformed frames get bad_frame saying what is wrong; the socket stays", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const a = await connectAs(server, ana.client);
  const cases: [string, RegExp][] = [
    ["not json", /JSON/],
    ["[1,2]", /type/],
    ['{"type":"teleport"}', /Unknown frame type 'teleport'/],
    ['{"type":"send_message","conversationId":"c"}', /clientMsgId/],
    ['{"type":"ping","extra":1}', /unknown field extra/],
    ['{"type":"mark_as_read","conversationId":"c","seq":-1}', /seq/],
  ];
  for (const [raw, pattern] of cases) {
    a.send(raw);
    const err = await a.next("error");
    assert.equal(err.code, "bad_frame", raw);
    assert.match(err.message, pattern, raw);
  }
  a.socket.send(new Uint8Array([1, 2, 3]));
  assert.match((await a.next("error")).message, /binary/);
  a.send({ type: "ping" });
  await a.next("pong");
  await a.close();
});

Deno.test("ws limits - a silent client is dropped with 4408; one that answers pings stays", async () => {
  await using server = await startTestServer();
  server.deps.gateway.settings.pingIntervalMs = 40;
  server.deps.gateway.settings.idleTimeoutMs = 200;
  const ana = await person(server, "Ana");
  const silent = await connectAs(server, ana.client);
  const lively = await connectAs(server, ana.client);
  lively.socket.addEventListener("message", (e) => {
    const frame = JSON.parse(e.data);
    if (frame.type === "ping") lively.send({ type: "pong", t: frame.t });
  });
  assert.equal(await silent.closeCode(), CLOSE.idle);
  assert.ok(silent.all("ping").length >= 1, "it was pinged before being dropped");
  assert.ok(lively.isOpen);
  await lively.close();
});
