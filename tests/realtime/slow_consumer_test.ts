import assert from "node:assert/strict";
import { CLOSE, type MessageView } from "@/lib/chat_protocol.ts";
import { decideSend } from "@/server/realtime/backpressure.ts";
import { startTestServer } from "../helpers/server.ts";
import { accessTokenOf, closeCodeOf, rawUpgrade, readRawFrames } from "../helpers/ws.ts";
import { person } from "./setup.ts";

Deno.test("ws backpressure - policy: drop droppable frames over the soft limit, close over the hard one", () => {
  const limits = { softBytes: 100, hardBytes: 1000, sustainMs: 5000 };
  const state = { overSince: null as number | null };
  assert.equal(decideSend(99, "user_typing", state, 0, limits), "send");
  assert.equal(decideSend(100, "user_typing", state, 1, limits), "drop");
  assert.equal(decideSend(100, "user_online", state, 2, limits), "drop");
  assert.equal(decideSend(500, "new_message", state, 3, limits), "send");
  assert.equal(state.overSince, 1);
  assert.equal(decideSend(1000, "new_message", state, 4, limits), "close");
  // Draining resets the clock; staying over the soft limit too long closes.
  assert.equal(decideSend(0, "ack", state, 10, limits), "send");
  assert.equal(state.overSince, null);
  assert.equal(decideSend(200, "ack", state, 100, limits), "send");
  assert.equal(decideSend(200, "ack", state, 5100, limits), "close");
});

Deno.test("ws backpressure - a client that stops reading loses typing frames, then is closed with 4429", async () => {
  await using server = await startTestServer();
  server.deps.gateway.settings.backpressure = {
    softBytes: 64 * 1024,
    hardBytes: 1024 * 1024,
    sustainMs: 60_000,
  };
  const ana = await person(server, "Ana");
  const { status, conn, rest } = await rawUpgrade(server, {
    Origin: server.url,
    Cookie: `wm_access=${accessTokenOf(ana.client)}`,
  });
  assert.equal(status, 101);
  // Read up to `authenticated`, then never read again.
  const hello = await readRawFrames(
    conn,
    rest,
    (f) => f.opcode === 1 && new TextDecoder().decode(f.payload).includes('"authenticated"'),
  );
  assert.ok(hello.length >= 1);
  assert.equal(server.deps.gateway.size, 1);

  const big: MessageView = {
    id: "m",
    conversationId: "c",
    seq: 1,
    senderId: ana.id,
    kind: "text",
    content: "z".repeat(5000),
    replyTo: null,
    attachments: [],
    reactions: [],
    editedAt: null,
    deletedAt: null,
    createdAt: new Date().toISOString(),
  };
  let typingSent = 0;
  // Push until the gateway gives up on the socket (the kernel's buffers fill first).
  for (let i = 0; i < 20_000 && server.deps.gateway.size > 0; i++) {
    await server.deps.realtime.toUser(ana.id, { type: "new_message", message: big });
    await server.deps.realtime.toUser(ana.id, {
      type: "user_typing",
      conversationId: "c",
      userId: "someone",
    });
    typingSent++;
    // Let the bus deliver (it hands events over on a later task, like a network would).
    if (i % 20 === 0) await new Promise((r) => setTimeout(r, 0));
  }
  assert.equal(server.deps.gateway.size, 0, "the slow consumer was disconnected");
  // Now read everything that was sent: the typing frames were partly dropped, and the last
  // frame is a close with 4429.
  const frames = await readRawFrames(conn, new Uint8Array(0), (f) => f.opcode === 8);
  conn.close();
  const close = frames.at(-1)!;
  assert.equal(close.opcode, 8);
  assert.equal(closeCodeOf(close), CLOSE.slowConsumer);
  const typingReceived =
    frames.filter((f) =>
      f.opcode === 1 && new TextDecoder().decode(f.payload).includes('"user_typing"')
    ).length;
  assert.ok(typingReceived < typingSent, `${typingReceived} of ${typingSent} typing frames`);
  const metrics = await server.deps.metrics.registry.render();
  assert.match(metrics, /ws_frames_dropped_total\{type="user_typing"\} [1-9]/);
  assert.match(metrics, /ws_closes_total\{code="4429"\} 1/);
});
