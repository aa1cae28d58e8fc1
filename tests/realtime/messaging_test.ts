import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { connectAs } from "../helpers/ws.ts";
import { countRows, msgId, openDm, person } from "./setup.ts";

Deno.test("ws - a message is acked to the sender and delivered to the other member", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  const b = await connectAs(server, ben.client);
  assert.deepEqual(a.authenticated!.conversations.map((c) => c.id), [dm.id]);
  assert.equal(a.authenticated!.userId, ana.id);
  assert.ok(Array.isArray(a.authenticated!.iceServers));

  const clientMsgId = msgId();
  a.send({ type: "send_message", conversationId: dm.id, clientMsgId, content: "  hello Ben  " });
  const ack = await a.next("ack");
  assert.equal(ack.clientMsgId, clientMsgId);
  assert.equal(ack.seq, 1);
  assert.equal(ack.conversationId, dm.id);
  const got = await b.next("new_message");
  assert.equal(got.message.id, ack.id);
  assert.equal(got.message.content, "hello Ben");
  assert.equal(got.message.senderId, ana.id);
  assert.equal(got.message.seq, 1);
  // The sender's other tabs get it too (and the sending tab, which dedupes by id).
  assert.equal((await a.next("new_message")).message.id, ack.id);
  // The ack comes before the broadcast.
  const types = a.frames.map((f) => f.type).filter((t) => t === "ack" || t === "new_message");
  assert.deepEqual(types, ["ack", "new_message"]);

  a.send({ type: "send_message", conversationId: dm.id, clientMsgId: msgId(), content: "again" });
  assert.equal((await a.next("ack")).seq, 2);
  assert.equal((await b.next("new_message")).message.seq, 2);
  await a.close();
  await b.close();
});

Deno.test("ws - a resend with the same clientMsgId gets the same ack and no second row", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  const b = await connectAs(server, ben.client);
  const frame = {
    type: "send_message",
    conversationId: dm.id,
    clientMsgId: msgId(),
    content: "once",
  };
  a.send(frame);
  const first = await a.next("ack");
  a.send(frame);
  const second = await a.next("ack");
  assert.deepEqual(second, first);
  // A different message afterwards is seq 2: the resend took no seq.
  a.send({ ...frame, clientMsgId: msgId(), content: "twice" });
  assert.equal((await a.next("ack")).seq, 2);
  await b.next("new_message", (f) => f.message.seq === 2);
  assert.equal(b.all("new_message").length, 2, "the resend was not broadcast again");
  assert.equal(
    await countRows(server, "SELECT count(*) FROM messages WHERE conversation_id = ?", [dm.id]),
    2,
  );
  // The HTTP fallback shares the idempotency: same id → the stored message, 200.
  const res = await ana.client.json("POST", `/api/v1/conversations/${dm.id}/messages`, {
    clientMsgId: frame.clientMsgId,
    content: "once",
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.duplicate, true);
  assert.equal(res.body.ack.id, first.id);
  await a.close();
  await b.close();
});

Deno.test("ws - edit, delete and react show to everyone as message_updated", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  const b = await connectAs(server, ben.client);
  a.send({ type: "send_message", conversationId: dm.id, clientMsgId: msgId(), content: "typo" });
  const { id } = await a.next("ack");
  await b.next("new_message");

  a.send({ type: "edit_message", messageId: id, content: "fixed" });
  const edited = await b.next("message_updated");
  assert.equal(edited.message.content, "fixed");
  assert.ok(edited.message.editedAt);

  b.send({ type: "react", messageId: id, emoji: "👍" });
  const reacted = await a.next("message_updated", (f) => f.message.reactions.length > 0);
  assert.deepEqual(reacted.message.reactions, [{ emoji: "👍", count: 1, userIds: [ben.id] }]);
  b.send({ type: "react", messageId: id, emoji: "👍" }); // toggles off
  const unreacted = await a.next("message_updated", (f) => f.message.reactions.length === 0);
  assert.equal(unreacted.message.id, id);
  b.send({ type: "react", messageId: id, emoji: "<b>" });
  assert.equal((await b.next("error")).code, "bad_frame");

  // Someone else's message: forbidden, and nothing changes.
  b.send({ type: "edit_message", messageId: id, content: "hijack" });
  const refused = await b.next("error");
  assert.equal(refused.code, "forbidden");
  assert.equal(refused.ref, id);
  b.send({ type: "delete_message", messageId: id });
  assert.equal((await b.next("error")).code, "forbidden");

  a.send({ type: "delete_message", messageId: id });
  const deleted = await b.next("message_updated", (f) => f.message.deletedAt !== null);
  assert.equal(deleted.message.content, "");
  assert.deepEqual(deleted.message.attachments, []);
  const page = await ben.client.json("GET", `/api/v1/conversations/${dm.id}/messages`);
  assert.equal(page.body.items[0].content, "");
  assert.ok(page.body.items[0].deletedAt);
  assert.equal(
    await countRows(server, "SELECT count(*) FROM messages WHERE content = 'fixed'"),
    0,
    "deleted content does not stay in the database",
  );
  // Editing a deleted message: conflict.
  a.send({ type: "edit_message", messageId: id, content: "back" });
  assert.equal((await a.next("error")).code, "conflict");
  await a.close();
  await b.close();
});

Deno.test("ws - replies quote the original in the same conversation only", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const cy = await person(server, "Cy");
  const dm = await openDm(ana, ben);
  const other = await openDm(ana, cy);
  const a = await connectAs(server, ana.client);
  a.send({
    type: "send_message",
    conversationId: dm.id,
    clientMsgId: msgId(),
    content: "question?",
  });
  const q = await a.next("ack");
  a.send({
    type: "send_message",
    conversationId: dm.id,
    clientMsgId: msgId(),
    content: "answer",
    replyTo: q.id,
  });
  const reply = await a.next("new_message", (f) => f.message.content === "answer");
  assert.deepEqual(reply.message.replyTo, { id: q.id, senderId: ana.id, excerpt: "question?" });
  // Quoting a message of another conversation is refused and stores nothing.
  const bad = msgId();
  a.send({
    type: "send_message",
    conversationId: other.id,
    clientMsgId: bad,
    content: "x",
    replyTo: q.id,
  });
  const err = await a.next("error");
  assert.equal(err.code, "bad_frame");
  assert.equal(err.ref, bad);
  assert.equal(
    await countRows(server, "SELECT count(*) FROM messages WHERE client_msg_id = ?", [bad]),
    0,
  );
  await a.close();
});

Deno.test("ws - typing shows to the others and expires after the TTL", async () => {
  await using server = await startTestServer();
  server.deps.gateway.settings.typingTtlMs = 150;
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  const b = await connectAs(server, ben.client);
  a.send({ type: "typing_start", conversationId: dm.id });
  assert.deepEqual(await b.next("user_typing"), {
    type: "user_typing",
    conversationId: dm.id,
    userId: ana.id,
  });
  // Nothing refreshes it: it ends by itself.
  assert.equal((await b.next("user_stopped_typing")).userId, ana.id);
  a.send({ type: "typing_start", conversationId: dm.id });
  await b.next("user_typing");
  a.send({ type: "typing_stop", conversationId: dm.id });
  await b.next("user_stopped_typing");
  assert.equal(a.all("user_typing").length, 0, "the typist is not told about themselves");
  // Typing in a conversation you are not in: not_found.
  const cy = await person(server, "Cy");
  const c = await connectAs(server, cy.client);
  c.send({ type: "typing_start", conversationId: dm.id });
  assert.equal((await c.next("error")).code, "not_found");
  await Promise.all([a.close(), b.close(), c.close()]);
});

Deno.test("ws - mark_as_read is monotonic and tells the conversation", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  const b = await connectAs(server, ben.client);
  for (const content of ["one", "two", "three"]) {
    a.send({ type: "send_message", conversationId: dm.id, clientMsgId: msgId(), content });
    await a.next("ack");
  }
  b.send({ type: "mark_as_read", conversationId: dm.id, seq: 2 });
  assert.deepEqual(await a.next("message_read"), {
    type: "message_read",
    conversationId: dm.id,
    userId: ben.id,
    seq: 2,
  });
  b.send({ type: "mark_as_read", conversationId: dm.id, seq: 1 }); // older: ignored
  b.send({ type: "mark_as_read", conversationId: dm.id, seq: 99 }); // capped at last seq
  assert.equal((await a.next("message_read")).seq, 3);
  const list = await ben.client.json("GET", "/api/v1/conversations");
  assert.equal(list.body.items[0].unread, 0);
  assert.equal(list.body.items[0].lastReadSeq, 3);
  const ana_view = list.body.items[0].members.find((m: { id: string }) => m.id === ana.id);
  assert.equal(ana_view.online, true);
  await a.close();
  await b.close();
});

Deno.test("ws - presence: user_online and user_offline with lastSeen reach shared conversations", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  const b = await connectAs(server, ben.client);
  assert.equal((await a.next("user_online")).userId, ben.id);
  // A second tab of Ben's changes nothing; closing the last one makes him offline.
  const b2 = await connectAs(server, ben.client);
  await b2.close();
  await b.close();
  const offline = await a.next("user_offline");
  assert.equal(offline.userId, ben.id);
  assert.ok(!Number.isNaN(Date.parse(offline.lastSeen)));
  assert.equal(a.all("user_offline").length, 1);
  assert.equal(a.all("user_online").length, 1);
  const list = await ana.client.json("GET", "/api/v1/conversations");
  const benView = list.body.items[0].members.find((m: { id: string }) => m.id === ben.id);
  assert.equal(benView.online, false);
  assert.equal(benView.lastSeen, offline.lastSeen);
  await a.close();
});

Deno.test("ws - ping gets pong, and the server pings on its interval", async () => {
  await using server = await startTestServer();
  server.deps.gateway.settings.pingIntervalMs = 50;
  const ana = await person(server, "Ana");
  const a = await connectAs(server, ana.client);
  a.send({ type: "ping", t: 42 });
  assert.deepEqual(await a.next("pong"), { type: "pong", t: 42 });
  const ping = await a.next("ping");
  assert.equal(typeof ping.t, "number");
  a.send({ type: "pong", t: ping.t });
  await a.close();
});

Deno.test("ws - a new DM reaches a connected member who was not in it yet", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const b = await connectAs(server, ben.client);
  assert.deepEqual(b.authenticated!.conversations, []);
  const dm = await openDm(ana, ben);
  const res = await ana.client.json("POST", `/api/v1/conversations/${dm.id}/messages`, {
    clientMsgId: msgId(),
    content: "hi, over HTTP",
  });
  assert.equal(res.status, 201);
  assert.equal(res.body.message.seq, 1);
  const got = await b.next("new_message");
  assert.equal(got.message.content, "hi, over HTTP");
  await b.close();
});
