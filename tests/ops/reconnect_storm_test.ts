/**
 * A restart under many connected clients is no thundering herd. N WebSocket clients that
 * reconnect exactly as the browser does (client/backoff.ts: full jitter, ≥ 5 s windows) are
 * connected to a main.ts process; it is stopped with SIGTERM (1012 to every socket) and started
 * again on the same port and data directory. Asserted: reconnects per second stay under 30 % of
 * the clients, every client comes back, and no acknowledged message is missing after sync.
 * The histogram is printed; docs/operations.md records a run.
 */
import assert from "node:assert/strict";
import { backoffDelay } from "@/client/backoff.ts";
import { CLOSE } from "@/lib/chat_protocol.ts";
import { randomIp, TestClient } from "../helpers/server.ts";
import { accessTokenOf, connectWs, type WsClient } from "../helpers/ws.ts";
import { type MainProcess, startMain } from "./main_process.ts";

const CLIENTS = Number(Deno.env.get("STORM_CLIENTS") ?? 300);
const SOCKETS_PER_USER = 15; // tabs: keeps registrations (argon2id) few
const PEAK_SHARE = 0.3;

interface Acked {
  id: string;
  seq: number;
}

/** One simulated browser tab: a socket, its cursor, what it has seen, its reconnect loop. */
class StormClient {
  ws?: WsClient;
  attempt = 0;
  readonly seen = new Map<number, string>(); // seq → message id
  closeCode?: number;
  reconnectedAt?: number;
  readonly attempts: number[] = [];
  constructor(
    readonly index: number,
    readonly token: string,
    readonly conversationId: string,
    readonly server: { url: string },
  ) {}

  get cursor(): number {
    return Math.max(0, ...this.seen.keys());
  }

  track(ws: WsClient) {
    this.ws = ws;
    ws.socket.addEventListener("message", (e) => {
      const f = JSON.parse(e.data);
      if (f.type === "new_message" && f.message.conversationId === this.conversationId) {
        this.seen.set(f.message.seq, f.message.id);
      }
    });
  }

  async send(label: string): Promise<Acked> {
    const clientMsgId = `c${this.index}-${label}`;
    this.ws!.send({
      type: "send_message",
      conversationId: this.conversationId,
      clientMsgId,
      content: clientMsgId,
    });
    const ack = await this.ws!.next("ack", (f) => f.clientMsgId === clientMsgId, 20_000);
    return { id: ack.id, seq: ack.seq };
  }

  /** After a drop: wait out the browser's backoff, retry until connected, then sync. */
  async reconnect(startedAt: number): Promise<void> {
    while (true) {
      await new Promise((r) => setTimeout(r, backoffDelay(this.attempt++)));
      this.attempts.push(performance.now() - startedAt);
      try {
        const ws = await connectWs(this.server, { bearer: this.token, origin: null });
        this.reconnectedAt = performance.now() - startedAt;
        this.attempt = 0;
        this.track(ws);
        ws.send({ type: "sync", cursors: { [this.conversationId]: this.cursor } });
        await ws.next("sync_done", () => true, 20_000);
        return;
      } catch {
        // refused (the server is down) or closed early: back off again
      }
    }
  }
}

async function setUp(proc: MainProcess) {
  const users = Math.ceil(CLIENTS / SOCKETS_PER_USER);
  const people = await Promise.all(Array.from({ length: users }, async (_, i) => {
    const client = new TestClient(proc.url, randomIp(), proc.url);
    const res = await client.json("POST", "/api/v1/auth/register", {
      email: `storm${i}-${crypto.randomUUID().slice(0, 8)}@example.com`,
      password: "a long enough password",
      displayName: `Storm ${i}`,
      role: "worker",
    });
    assert.equal(res.status, 201);
    return { id: res.body.user.id as string, client };
  }));
  // Pairs share a DM; an odd one out talks to the first user.
  const conversationOf = new Map<number, string>();
  for (let i = 0; i < users; i += 2) {
    const other = people[i + 1] ?? people[0];
    const dm = await people[i].client.json("POST", "/api/v1/conversations", { userId: other.id });
    assert.ok(dm.status === 201 || dm.status === 200);
    conversationOf.set(i, dm.body.id);
    if (people[i + 1]) conversationOf.set(i + 1, dm.body.id);
  }
  return Array.from({ length: CLIENTS }, (_, i) => {
    const u = i % users;
    return new StormClient(i, accessTokenOf(people[u].client), conversationOf.get(u)!, proc);
  });
}

Deno.test({
  name: "reconnect storm - a restart spreads reconnects and loses no acknowledged message",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "workmate-storm-" });
    let proc = await startMain({ dataDir });
    try {
      const clients = await setUp(proc);
      await Promise.all(clients.map(async (c) => {
        c.track(await connectWs(proc, { bearer: c.token, origin: null }));
      }));
      const acked = new Map<string, Acked[]>(); // conversation → acked messages
      const remember = (c: StormClient, a: Acked) =>
        acked.set(c.conversationId, [...acked.get(c.conversationId) ?? [], a]);
      for (const [c, a] of await sendFromAll(clients, "before")) remember(c, a);

      const startedAt = performance.now();
      const back = clients.map((c) =>
        c.ws!.closed.then(({ code }) => {
          c.closeCode = code;
          return c.reconnect(startedAt);
        })
      );
      proc.kill("SIGTERM");
      assert.equal((await proc.exited).code, 0);
      const downAt = performance.now() - startedAt;
      proc = await startMain({ dataDir, port: proc.port });
      const upAt = performance.now() - startedAt;
      await Promise.all(back);
      const lastBack = performance.now() - startedAt;
      for (const [c, a] of await sendFromAll(clients, "after")) remember(c, a);

      // Nothing lost: each client ends up having seen every acknowledged message of its DM.
      const until = performance.now() + 10_000;
      const missing = () =>
        clients.flatMap((c) =>
          (acked.get(c.conversationId) ?? []).filter((a) => c.seen.get(a.seq) !== a.id)
        );
      while (missing().length && performance.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(missing().length, 0, "every acknowledged message reached every member tab");
      assert.ok(clients.every((c) => c.closeCode === CLOSE.restart), "all were told 1012");

      const perSecond = histogram(clients.map((c) => c.reconnectedAt!));
      const attemptsPerSecond = histogram(clients.flatMap((c) => c.attempts));
      const peak = Math.max(...perSecond);
      report({
        clients: CLIENTS,
        exitedMs: Math.round(downAt),
        upMs: Math.round(upAt),
        allBackMs: Math.round(lastBack),
        peakPerSecond: peak,
        peakShare: Math.round((peak / CLIENTS) * 1000) / 10,
        reconnectsPerSecond: perSecond,
        attemptsPerSecond,
        failedAttempts: clients.reduce((n, c) => n + c.attempts.length - 1, 0),
      });
      assert.ok(peak <= CLIENTS * PEAK_SHARE, `peak ${peak}/s of ${CLIENTS} clients`);
      await Promise.all(clients.map((c) => c.ws!.close()));
    } finally {
      proc.kill("SIGKILL");
      await proc.exited;
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});

function sendFromAll(clients: StormClient[], label: string) {
  return Promise.all(clients.map(async (c) => [c, await c.send(label)] as const));
}

/** Counts per whole second since the restart began. */
function histogram(msSinceStart: number[]): number[] {
  const buckets: number[] = [];
  for (const ms of msSinceStart) {
    const s = Math.floor(ms / 1000);
    while (buckets.length <= s) buckets.push(0);
    buckets[s]++;
  }
  return buckets;
}

function report(numbers: Record<string, unknown>) {
  Deno.stdout.writeSync(new TextEncoder().encode(`storm ${JSON.stringify(numbers)}\n`));
}
