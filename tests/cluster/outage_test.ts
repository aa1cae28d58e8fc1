/**
 * Failures between instances. Redis pauses (SIGSTOP: connections stay open and hang, the
 * harder case for clients) while two instances exchange messages: each instance keeps serving
 * its own sockets, /readyz says degraded, and when Redis returns the instances tell their
 * clients to resync, after which every client holds the complete history, in seq order, once.
 * Then an instance is killed with SIGKILL: its clients reconnect to the other and miss nothing.
 */
import assert from "node:assert/strict";
import { connectAs, type WsClient } from "../helpers/ws.ts";
import { type Instance, on, register, skipCluster, startCluster, waitUntil } from "./cluster.ts";

async function readiness(instance: Instance): Promise<string> {
  const res = await fetch(`${instance.url}/readyz`);
  assert.equal(res.status, 200, "an instance without Redis stays in the pool");
  return (await res.json()).status;
}

/**
 * What a client holds after de-duplicating by message id, as the browser client does: messages
 * from others arrive as new_message, its own are known from their acks.
 */
function history(ws: WsClient): { id: string; seq: number }[] {
  const byId = new Map<string, number>();
  for (const f of ws.all("new_message")) byId.set(f.message.id, f.message.seq);
  for (const f of ws.all("ack")) byId.set(f.id, f.seq);
  return [...byId].map(([id, seq]) => ({ id, seq })).sort((x, y) => x.seq - y.seq);
}

/** The seq through which a client holds every message: where its sync starts. */
function cursorOf(ws: WsClient): number {
  const seqs = new Set(history(ws).map((m) => m.seq));
  let n = 0;
  while (seqs.has(n + 1)) n++;
  return n;
}

/** Answers `resync` like the browser client: a sync from its cursor. */
function syncOnResync(ws: WsClient, conversationId: string) {
  ws.socket.addEventListener("message", (e) => {
    if (JSON.parse(e.data).type !== "resync") return;
    ws.send({ type: "sync", cursors: { [conversationId]: cursorOf(ws) } });
  });
}

function assertComplete(ws: WsClient, total: number, who: string) {
  const got = history(ws);
  assert.deepEqual(got.map((m) => m.seq), Array.from({ length: total }, (_, i) => i + 1), who);
}

/** How long Redis stays paused, as the issue asks. */
const PAUSE_MS = 10_000;

Deno.test({
  name: "cluster - a Redis pause and a killed instance lose and duplicate nothing",
  ignore: skipCluster,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await using cluster = await startCluster(2);
    const [i1, i2] = cluster.instances;
    const ana = await register(cluster, i1, "Ana");
    const ben = await register(cluster, i2, "Ben");
    const dm = await ana.client.json("POST", "/api/v1/conversations", { userId: ben.id });
    const conversationId = dm.body.id as string;
    const a = await connectAs(i1, ana.client);
    const b = await connectAs(i2, on(ben.client, i2));
    // Ben's second device sits on Ana's instance: local delivery must not need Redis.
    const bLocal = await connectAs(i1, on(ben.client, i1));
    for (const ws of [a, b, bLocal]) syncOnResync(ws, conversationId);
    let sent = 0;
    const send = async (ws: WsClient, who: string) => {
      const clientMsgId = `${who}-${++sent}`;
      ws.send({ type: "send_message", conversationId, clientMsgId, content: clientMsgId });
      await ws.next("ack", (f) => f.clientMsgId === clientMsgId);
    };

    await t.step("a 10 s Redis pause: local delivery goes on, then everyone resyncs", async () => {
      for (let i = 0; i < 3; i++) await Promise.all([send(a, "ana"), send(b, "ben")]);
      cluster.redis.pause();
      const pausedAt = Date.now();
      try {
        await waitUntil(
          async () => (await readiness(i1)) === "degraded" && (await readiness(i2)) === "degraded",
          "both instances to report degraded",
        );
        // Keep talking for the whole 10 s pause, paced under the 60 messages/minute limit.
        while (Date.now() - pausedAt < PAUSE_MS) {
          await Promise.all([send(a, "ana"), send(b, "ben")]);
          await new Promise((r) => setTimeout(r, 600));
        }
        // Ana's messages reached Ben's device on her instance while Redis was away.
        await bLocal.next("new_message", (f) => f.message.content === `ana-${sent - 1}`);
      } finally {
        cluster.redis.resume();
      }
      await waitUntil(
        async () => (await readiness(i1)) === "ready" && (await readiness(i2)) === "ready",
        "both instances to report ready",
      );
      for (const ws of [a, b, bLocal]) {
        await ws.next("resync");
        await ws.next("sync_done");
      }
      // One more each way after recovery travels live again.
      await Promise.all([send(a, "ana"), send(b, "ben")]);
      for (const ws of [a, b, bLocal]) {
        await waitUntil(
          () => history(ws).length === sent,
          `every message at every client (${history(ws).length} of ${sent})`,
        );
        assertComplete(ws, sent, "after the pause");
      }
    });

    await t.step(
      "kill -9 an instance: its clients move to the other and miss nothing",
      async () => {
        const burst = Array.from({ length: 20 }, (_, i) => `burst-${i}`);
        for (const id of burst) {
          a.send({ type: "send_message", conversationId, clientMsgId: id, content: id });
        }
        await a.next("ack", (f) => f.clientMsgId === "burst-4");
        await i2.kill("SIGKILL");
        await b.closed;
        await a.next("ack", (f) => f.clientMsgId === "burst-19");
        const total = sent + burst.length;
        // Ben's client reconnects (to the surviving instance) and syncs from what it holds.
        const moved = await connectAs(i1, on(ben.client, i1));
        const last = Math.max(0, ...history(b).map((m) => m.seq));
        moved.send({ type: "sync", cursors: { [conversationId]: last } });
        await moved.next("sync_done");
        for (const f of b.all("new_message")) moved.frames.push(f);
        assertComplete(moved, total, "ben after moving");
        await waitUntil(() => history(bLocal).length === total, "ben's other device");
        assertComplete(bLocal, total, "ben's other device");
        await Promise.all([moved.close(), a.close(), bLocal.close()]);
      },
    );
  },
});
