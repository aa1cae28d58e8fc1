/**
 * Three instances with Redis behave as one: clients connected to different processes get each
 * other's messages (in seq order, once), presence, typing, read receipts and call signalling,
 * and revoking a user's sessions closes their sockets on every instance.
 */
import assert from "node:assert/strict";
import { connectAs } from "../helpers/ws.ts";
import { on, register, skipCluster, startCluster } from "./cluster.ts";

Deno.test({
  name: "cluster - three instances deliver, order, announce and revoke across processes",
  ignore: skipCluster,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await using cluster = await startCluster(3);
    const [i1, i2, i3] = cluster.instances;
    const ana = await register(cluster, i1, "Ana");
    const ben = await register(cluster, i2, "Ben");
    const dm = await ana.client.json("POST", "/api/v1/conversations", { userId: ben.id });
    assert.equal(dm.status, 201);
    const conversationId = dm.body.id as string;

    const a = await connectAs(i1, ana.client);
    const aOther = await connectAs(i3, on(ana.client, i3));
    const b = await connectAs(i2, on(ben.client, i2));
    // On the publishing instance: Redis echoes its events back, and they must not arrive twice.
    const bSame = await connectAs(i1, on(ben.client, i1));

    await t.step("messages cross instances in seq order, each once", async () => {
      for (let i = 0; i < 20; i++) {
        a.send({ type: "send_message", conversationId, clientMsgId: `m${i}`, content: `hi ${i}` });
      }
      await a.next("ack", (f) => f.clientMsgId === "m19", 10_000);
      for (const ws of [b, aOther, bSame]) {
        await ws.next("new_message", (f) => f.message.content === "hi 19");
        const got = ws.all("new_message").map((f) => f.message);
        assert.deepEqual(
          got.map((m) => m.content),
          Array.from({ length: 20 }, (_, i) => `hi ${i}`),
        );
        assert.deepEqual(got.map((m) => m.seq), Array.from({ length: 20 }, (_, i) => i + 1));
      }
    });

    await t.step("typing and read receipts reach the other instance", async () => {
      b.send({ type: "typing_start", conversationId });
      const typing = await a.next("user_typing");
      assert.equal(typing.userId, ben.id);
      b.send({ type: "mark_as_read", conversationId, seq: 20 });
      const read = await a.next("message_read", (f) => f.userId === ben.id);
      assert.equal(read.seq, 20);
    });

    await t.step("call signalling crosses instances", async () => {
      a.send({ type: "call:initiate", conversationId, media: "audio" });
      const incoming = await b.next("incoming_call");
      assert.equal(incoming.call.callerId, ana.id);
      b.send({ type: "call:accept", callId: incoming.call.id });
      await a.next("call:accepted");
      const offer = { type: "offer", sdp: "v=0\r\n" };
      a.send({
        type: "signal",
        callId: incoming.call.id,
        to: ben.id,
        signalType: "offer",
        signal: offer,
      });
      const relayed = await b.next("signal");
      assert.deepEqual(relayed.signal, offer);
      b.send({ type: "call:end", callId: incoming.call.id });
      await a.next("call:ended");
    });

    await t.step("presence is cluster-wide", async () => {
      // Ana has sockets on i1 and i3: closing one leaves her online.
      await aOther.close();
      await bSame.close();
      await b.close();
      const offline = await a.next("user_offline", (f) => f.userId === ben.id);
      assert.ok(offline.lastSeen);
      const back = await connectAs(i3, on(ben.client, i3));
      const online = await a.next("user_online", (f) => f.userId === ben.id);
      assert.equal(online.userId, ben.id);
      await back.close();
    });

    await t.step("revoking sessions closes the user's sockets on every instance", async () => {
      // A second session of Ana's (another device), with sockets on i2 and i3.
      const device = cluster.client(i2);
      const login = await device.json("POST", "/api/v1/auth/login", {
        email: ana.email,
        password: "a long enough password",
      });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const s2 = await connectAs(i2, device);
      const s3 = await connectAs(i3, on(device, i3));
      // Changing the password from the first session ends every other one.
      const change = await on(ana.client, i1).json("POST", "/api/v1/auth/password/change", {
        currentPassword: "a long enough password",
        newPassword: "another long enough password",
      });
      assert.equal(change.status, 200, JSON.stringify(change.body));
      assert.equal(await s2.closeCode(), 4501);
      assert.equal(await s3.closeCode(), 4501);
      assert.ok(a.isOpen, "the session that changed the password keeps its socket");
    });
    await a.close();
  },
});
