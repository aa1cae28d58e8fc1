/**
 * The delivery guarantee under a crash: the real server runs as a subprocess (main.ts), two
 * clients exchange messages, the process is killed with SIGKILL mid-conversation, a new one
 * starts on the same DATA_DIR, and the clients reconnect, sync and resend what was never
 * acknowledged (as the browser client's outbox does). Every acknowledged message must be
 * there exactly once, in seq order, with no gap.
 */
import assert from "node:assert/strict";
import { TestClient } from "../helpers/server.ts";
import { connectAs, type WsClient } from "../helpers/ws.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

interface Proc {
  child: Deno.ChildProcess;
  url: string;
  /** Resolves when stdout ends (the process is gone). */
  drained: Promise<void>;
}

async function startMain(dataDir: string): Promise<Proc> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN],
    env: {
      PORT: "0",
      HOSTNAME: "127.0.0.1",
      APP_ENV: "test",
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      TRUST_PROXY: "true",
    },
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let url: string | undefined;
  while (!url) {
    const { value, done } = await lines.read();
    if (done) throw new Error("the server exited before listening");
    buffered += value;
    let nl;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        const entry = JSON.parse(line);
        if (entry.msg === "listening") url = entry.url;
      } catch {
        // not a log line
      }
    }
  }
  // Keep reading so the server never blocks on a full pipe.
  const drained = (async () => {
    while (!(await lines.read()).done) { /* discard */ }
  })();
  return { child, url, drained };
}

async function register(base: string, name: string) {
  const client = new TestClient(base, `10.9.0.${Math.floor(Math.random() * 200) + 1}`, base);
  const res = await client.json("POST", "/api/v1/auth/register", {
    email: `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@example.com`,
    password: "a long enough password",
    displayName: name,
    role: "worker",
  });
  assert.equal(res.status, 201);
  return { id: res.body.user.id as string, client };
}

/** The same signed-in client, talking to the restarted process (a new port). */
function rebase(client: TestClient, base: string): TestClient {
  const moved = new TestClient(base, client.ip, base);
  for (const [k, v] of client.cookies) moved.cookies.set(k, v);
  return moved;
}

Deno.test({
  name: "ws restart - kill -9 mid-conversation loses no acknowledged message and duplicates none",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "workmate-restart-" });
    let proc = await startMain(dataDir);
    try {
      const ana = await register(proc.url, "Ana");
      const ben = await register(proc.url, "Ben");
      const dm = await ana.client.json("POST", "/api/v1/conversations", { userId: ben.id });
      assert.equal(dm.status, 201);
      const conversationId = dm.body.id as string;

      const sent = new Map<string, { from: WsClient; content: string; who: string }>();
      const acked = new Map<string, { id: string; seq: number }>();
      const track = (ws: WsClient) =>
        ws.socket.addEventListener("message", (e) => {
          const f = JSON.parse(e.data);
          if (f.type === "ack") acked.set(f.clientMsgId, { id: f.id, seq: f.seq });
        });
      let a = await connectAs(proc, ana.client);
      let b = await connectAs(proc, ben.client);
      track(a);
      track(b);
      const send = (ws: WsClient, who: string, i: number) => {
        const clientMsgId = `${who}-${i}`;
        const content = `${who} says ${i}`;
        sent.set(clientMsgId, { from: ws, content, who });
        ws.send({ type: "send_message", conversationId, clientMsgId, content });
      };
      // A conversation: turns, each waiting for its ack.
      for (let i = 0; i < 5; i++) {
        send(a, "ana", i);
        await a.next("ack", (f) => f.clientMsgId === `ana-${i}`);
        send(b, "ben", i);
        await b.next("ack", (f) => f.clientMsgId === `ben-${i}`);
      }
      // A burst from both sides, and the process dies in the middle of it.
      for (let i = 5; i < 40; i++) {
        send(a, "ana", i);
        send(b, "ben", i);
      }
      await a.next("ack", (f) => f.clientMsgId === "ana-5");
      proc.child.kill("SIGKILL");
      await proc.child.status;
      await proc.drained;
      await Promise.all([a.closed, b.closed]);
      const ackedBeforeKill = new Map(acked);
      assert.ok(ackedBeforeKill.size >= 11, `${ackedBeforeKill.size} acked before the kill`);

      proc = await startMain(dataDir);
      ana.client = rebase(ana.client, proc.url);
      ben.client = rebase(ben.client, proc.url);
      a = await connectAs(proc, ana.client);
      b = await connectAs(proc, ben.client);
      track(a);
      track(b);
      // Sync from scratch, then resend every message that never got an ack (the outbox).
      for (const ws of [a, b]) {
        ws.send({ type: "sync", cursors: { [conversationId]: 0 } });
        await ws.next("sync_done");
      }
      const unacked = [...sent.entries()].filter(([id]) => !ackedBeforeKill.has(id));
      for (const [clientMsgId, { who, content }] of unacked) {
        const ws = who === "ana" ? a : b;
        ws.send({ type: "send_message", conversationId, clientMsgId, content });
        await ws.next("ack", (f) => f.clientMsgId === clientMsgId);
      }

      const replayed = a.all("new_message").map((f) => f.message).filter((m) =>
        m.seq <= Math.max(...[...ackedBeforeKill.values()].map((x) => x.seq))
      );
      // Every message acknowledged before the kill came back from the new process, with the
      // same id and seq.
      for (const [clientMsgId, ack] of ackedBeforeKill) {
        const found = a.all("new_message").filter((f) => f.message.id === ack.id);
        assert.ok(found.length >= 1, `${clientMsgId} survived`);
        assert.equal(found[0].message.seq, ack.seq);
        assert.equal(found[0].message.content, sent.get(clientMsgId)!.content);
        // A resend of an acknowledged message gets the very same ack.
        assert.deepEqual(acked.get(clientMsgId), ack);
      }
      assert.ok(replayed.length >= ackedBeforeKill.size);

      // The final history over REST: each message exactly once, seqs 1..n without gaps.
      const page = await ana.client.json(
        "GET",
        `/api/v1/conversations/${conversationId}/messages?after=0&limit=100`,
      );
      assert.equal(page.status, 200);
      const items = page.body.items as { seq: number; content: string }[];
      assert.equal(items.length, sent.size, "every message exactly once");
      assert.deepEqual(items.map((m) => m.seq), items.map((_, i) => i + 1));
      assert.deepEqual(
        new Set(items.map((m) => m.content)),
        new Set([...sent.values()].map((s) => s.content)),
      );
      // Each side's own messages kept their order.
      for (const who of ["ana", "ben"]) {
        const mine = items.filter((m) => m.content.startsWith(who)).map((m) =>
          Number(m.content.split(" ").at(-1))
        );
        assert.deepEqual(mine, [...mine].sort((x, y) => x - y), `${who}'s order`);
      }
      await Promise.all([a.close(), b.close()]);
    } finally {
      try {
        proc.child.kill("SIGKILL");
      } catch {
        // already gone
      }
      await proc.child.status;
      await proc.drained.catch(() => {});
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});
