import assert from "node:assert/strict";
import { insertMessageTx } from "@/server/chat/send.ts";
import { startTestServer } from "../helpers/server.ts";
import { connectAs } from "../helpers/ws.ts";
import { countRows, msgId, openDm, person } from "./setup.ts";

Deno.test("ws sync - after a reconnect, sync returns every missed message in seq order", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  let b = await connectAs(server, ben.client);
  a.send({ type: "send_message", conversationId: dm.id, clientMsgId: msgId(), content: "seen" });
  const seen = await b.next("new_message");
  await b.close();
  for (let i = 0; i < 7; i++) {
    a.send({
      type: "send_message",
      conversationId: dm.id,
      clientMsgId: msgId(),
      content: `missed ${i}`,
    });
    await a.next("ack", (f) => f.seq === i + 2);
  }
  b = await connectAs(server, ben.client);
  const cursor = b.authenticated!.conversations.find((c) => c.id === dm.id)!;
  assert.deepEqual(cursor, { id: dm.id, lastSeq: 8, lastReadSeq: 0, unread: 8 });
  b.send({ type: "sync", cursors: { [dm.id]: seen.message.seq, "not-a-conversation": 0 } });
  await b.next("sync_done");
  const replayed = b.all("new_message").map((f) => f.message);
  assert.deepEqual(replayed.map((m) => m.seq), [2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(replayed.map((m) => m.content), [0, 1, 2, 3, 4, 5, 6].map((i) => `missed ${i}`));
  assert.equal(b.all("sync_truncated").length, 0);
  assert.equal(b.all("error").length, 0, "an unknown conversation is skipped silently");
  await Promise.all([a.close(), b.close()]);
});

Deno.test("ws sync - past the page size, sync_truncated, and REST pages the rest", async () => {
  await using server = await startTestServer();
  server.deps.gateway.settings.syncPageSize = 5;
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  // 12 messages straight through the HTTP fallback while Ben is away.
  for (let i = 1; i <= 12; i++) {
    const res = await ana.client.json("POST", `/api/v1/conversations/${dm.id}/messages`, {
      clientMsgId: msgId(),
      content: `n${i}`,
    });
    assert.equal(res.status, 201);
  }
  const b = await connectAs(server, ben.client);
  b.send({ type: "sync", cursors: { [dm.id]: 2 } });
  const truncated = await b.next("sync_truncated");
  assert.deepEqual(truncated, {
    type: "sync_truncated",
    conversationId: dm.id,
    deliveredThroughSeq: 7,
    lastSeq: 12,
  });
  await b.next("sync_done");
  assert.deepEqual(b.all("new_message").map((f) => f.message.seq), [3, 4, 5, 6, 7]);
  // The client fetches the rest forward from where sync stopped.
  const seqs: number[] = [];
  let after = truncated.deliveredThroughSeq;
  while (true) {
    const page = await ben.client.json(
      "GET",
      `/api/v1/conversations/${dm.id}/messages?after=${after}&limit=2`,
    );
    assert.equal(page.status, 200);
    seqs.push(...page.body.items.map((m: { seq: number }) => m.seq));
    if (!page.body.hasMore) break;
    after = page.body.items.at(-1).seq;
  }
  assert.deepEqual(seqs, [8, 9, 10, 11, 12]);
  await b.close();
});

Deno.test("ws sync - the production page size is 500: 501 missed messages replay 500, then truncate", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  // Written directly: the rate limit would take 9 minutes to allow 501 sends.
  await server.deps.db.write(async (tx) => {
    for (let i = 1; i <= 501; i++) {
      await insertMessageTx(tx, {
        conversationId: dm.id,
        senderId: ana.id,
        clientMsgId: `bulk-${i}`,
        kind: "text",
        content: `bulk ${i}`,
        now: Date.now(),
      });
    }
  });
  const b = await connectAs(server, ben.client);
  b.send({ type: "sync", cursors: { [dm.id]: 0 } });
  const truncated = await b.next("sync_truncated");
  assert.equal(truncated.deliveredThroughSeq, 500);
  assert.equal(truncated.lastSeq, 501);
  await b.next("sync_done");
  const seqs = b.all("new_message").map((f) => f.message.seq);
  assert.equal(seqs.length, 500);
  assert.ok(seqs.every((s, i) => s === i + 1));
  await b.close();
});

Deno.test("ws sync - an offline user gets unread counts, a notification, and the messages on connect", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  for (let i = 0; i < 3; i++) {
    a.send({
      type: "send_message",
      conversationId: dm.id,
      clientMsgId: msgId(),
      content: `while away ${i}`,
    });
    await a.next("ack");
  }
  // One notification for the burst, not three.
  assert.equal(
    await countRows(
      server,
      "SELECT count(*) FROM notifications WHERE user_id = ? AND type = 'message.received'",
      [ben.id],
    ),
    1,
  );
  const inbox = await ben.client.json("GET", "/api/v1/notifications");
  assert.equal(inbox.body.items[0].link, `/messages/${dm.id}`);
  assert.match(inbox.body.items[0].title, /Ana/);
  const b = await connectAs(server, ben.client);
  assert.deepEqual(b.authenticated!.conversations, [{
    id: dm.id,
    lastSeq: 3,
    lastReadSeq: 0,
    unread: 3,
  }]);
  b.send({ type: "sync", cursors: { [dm.id]: 0 } });
  await b.next("sync_done");
  assert.equal(b.all("new_message").length, 3);
  const list = await ben.client.json("GET", "/api/v1/conversations");
  assert.equal(list.body.items[0].unread, 3);
  assert.equal(list.body.items[0].lastMessage.content, "while away 2");
  // Now that Ben is online, a message creates no notification; other notifications arrive live.
  a.send({ type: "send_message", conversationId: dm.id, clientMsgId: msgId(), content: "live" });
  await b.next("new_message", (f) => f.message.content === "live");
  assert.equal(
    await countRows(server, "SELECT count(*) FROM notifications WHERE user_id = ?", [ben.id]),
    1,
  );
  await server.deps.bus.publish(`user:${ben.id}`, {
    type: "notification.created",
    userId: ben.id,
    notification: {
      id: "n1",
      type: "proposal.received",
      title: "A proposal",
      body: "",
      link: null,
      createdAt: new Date().toISOString(),
    },
  });
  assert.equal((await b.next("notification")).notification.id, "n1");
  await Promise.all([a.close(), b.close()]);
});
