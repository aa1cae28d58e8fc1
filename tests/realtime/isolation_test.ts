import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { connectAs } from "../helpers/ws.ts";
import { msgId, openDm, person } from "./setup.ts";

Deno.test("ws isolation - an eavesdropper never receives a DM or private-channel frame", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const eve = await person(server, "Eve");
  const dm = await openDm(ana, ben);
  // A workspace all three are in, with a private channel Eve is not in.
  const ws = await ana.client.json("POST", "/api/v1/workspaces", { name: "Crew" });
  for (const p of [ben, eve]) {
    const j = await p.client.json("POST", "/api/v1/workspaces/join", { code: ws.body.joinCode });
    assert.equal(j.status, 200);
  }
  const secret = await ana.client.json("POST", `/api/v1/workspaces/${ws.body.id}/channels`, {
    name: "secret",
    isPrivate: true,
  });
  assert.equal(secret.status, 201);
  await ana.client.json("POST", `/api/v1/channels/${secret.body.id}/invite`, { userId: ben.id });
  const eveDm = await openDm(eve, ana);

  const e = await connectAs(server, eve.client);
  const a = await connectAs(server, ana.client);
  const b = await connectAs(server, ben.client);
  // Eve tries to get in: subscribe, sync, type, read, react — all refused or silent.
  e.send({ type: "join_room", conversationId: dm.id });
  assert.equal((await e.next("error")).code, "not_found");
  e.send({ type: "join_room", conversationId: secret.body.id });
  assert.equal((await e.next("error")).code, "not_found");
  e.send({ type: "sync", cursors: { [dm.id]: 0, [secret.body.id]: 0 } });
  await e.next("sync_done");

  for (const conversationId of [dm.id, secret.body.id]) {
    for (let i = 0; i < 3; i++) {
      a.send({
        type: "send_message",
        conversationId,
        clientMsgId: msgId(),
        content: `secret ${i}`,
      });
      await a.next("ack");
    }
    a.send({ type: "typing_start", conversationId });
    b.send({ type: "mark_as_read", conversationId, seq: 3 });
    await a.next("message_read", (f) => f.conversationId === conversationId);
  }
  a.send({
    type: "edit_message",
    messageId: (await b.next("new_message")).message.id,
    content: "edited",
  });
  await b.next("message_updated");
  e.send({ type: "sync", cursors: { [dm.id]: 0, [secret.body.id]: 0 } });
  await e.next("sync_done");
  // Finally a message in Eve's own conversation: it is the only message she gets.
  a.send({
    type: "send_message",
    conversationId: eveDm.id,
    clientMsgId: msgId(),
    content: "for Eve",
  });
  const mine = await e.next("new_message");
  assert.equal(mine.message.content, "for Eve");
  const leaked = e.frames.filter((f) =>
    JSON.stringify(f).includes(dm.id) || JSON.stringify(f).includes(secret.body.id) ||
    JSON.stringify(f).includes("secret ")
  );
  assert.deepEqual(
    leaked.filter((f) => f.type !== "error"),
    [],
    "nothing of the DM or the private channel",
  );
  assert.deepEqual(e.all("new_message").map((f) => f.message.content), ["for Eve"]);
  // Over REST too: 404, not 403.
  for (
    const path of [
      `/api/v1/conversations/${dm.id}`,
      `/api/v1/conversations/${dm.id}/messages`,
      `/api/v1/channels/${secret.body.id}/members`,
    ]
  ) {
    assert.equal((await eve.client.json("GET", path)).status, 404, path);
  }
  const channels = await eve.client.json("GET", `/api/v1/workspaces/${ws.body.id}/channels`);
  assert.deepEqual(channels.body.items.map((c: { name: string }) => c.name), ["general"]);
  await Promise.all([a.close(), b.close(), e.close()]);
});
