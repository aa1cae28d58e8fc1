/**
 * client/ws_client.ts with a fake WebSocket and virtual timers: backoff and its spread, the
 * outbox and its resends, de-duplication, cursors and sync (including truncated catch-up paged
 * over REST), close codes, and heartbeats.
 */
import assert from "node:assert/strict";
import { CLOSE, type MessageView } from "@/lib/chat_protocol.ts";
import { backoffDelay, backoffWindow } from "@/client/backoff.ts";
import { ChatClient, type ConnectionState } from "@/client/ws_client.ts";
import { OUTBOX_KEY } from "@/client/chat_outbox.ts";
import { fakeEnv, MemoryStorage, message } from "./fake_ws.ts";

/** A seeded generator, so "many clients" tests are repeatable. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("ws client - backoff windows grow from a 5 s floor to the 30 s cap", () => {
  const windows = Array.from({ length: 10 }, (_, i) => backoffWindow(i));
  assert.deepEqual(windows, [5000, 5000, 5000, 5000, 8000, 16000, 30000, 30000, 30000, 30000]);
  for (let attempt = 0; attempt < 12; attempt++) {
    assert.equal(backoffDelay(attempt, () => 0), 0);
    const top = backoffDelay(attempt, () => 0.999999);
    assert.ok(
      top < backoffWindow(attempt) && top >= backoffWindow(attempt) - 1,
      `attempt ${attempt}`,
    );
  }
  assert.equal(backoffWindow(1000), 30000, "huge attempt counts stay at the cap");
});

Deno.test("ws client - first reconnects of many clients spread over at least 5 s", () => {
  const rng = mulberry32(42);
  const delays: number[] = [];
  for (let i = 0; i < 300; i++) {
    const env = fakeEnv({ random: rng });
    const client = new ChatClient(env.options).start();
    env.last().authenticate();
    env.last().serverClose(CLOSE.restart);
    assert.equal(client.state, "reconnecting");
    const [delay] = env.timers.pending().filter((d) => d <= 5000);
    delays.push(delay);
    client.close();
  }
  const spread = Math.max(...delays) - Math.min(...delays);
  assert.ok(spread >= 4500, `spread ${spread} ms`);
  assert.ok(Math.max(...delays) < 5000);
  // Not bunched: every second of the window gets some of them.
  for (let s = 0; s < 5; s++) {
    assert.ok(delays.some((d) => d >= s * 1000 && d < (s + 1) * 1000), `second ${s}`);
  }
});

Deno.test("ws client - retries back off while the server stays away, then reset on success", () => {
  const env = fakeEnv({ random: () => 0.999 });
  const states: ConnectionState[] = [];
  const client = new ChatClient(env.options);
  client.on("state", (s) => states.push(s));
  client.start();
  env.last().authenticate();
  const delays: number[] = [];
  for (let i = 0; i < 8; i++) {
    env.last().serverClose(1006);
    const before = env.sockets.length;
    const [delay] = env.timers.pending().filter((d) => d > 0 && d <= 30000 && d !== 60000);
    delays.push(delay);
    env.timers.advance(delay);
    assert.equal(env.sockets.length, before + 1, "a new socket after the delay");
  }
  assert.deepEqual(delays, [4995, 4995, 4995, 4995, 7992, 15984, 29970, 29970]);
  assert.equal(client.state, "offline", "many failures in a row read as offline");
  env.last().authenticate();
  assert.equal(client.state, "open");
  env.last().serverClose(1006);
  assert.ok(env.timers.pending().includes(4995), "back to the first window after a success");
  assert.deepEqual(states.slice(0, 3), ["open", "reconnecting", "offline"]);
  client.close();
});

Deno.test("ws client - no reconnect after 4503 or 4501: signed out", () => {
  for (const code of [CLOSE.banned, CLOSE.sessionRevoked]) {
    const env = fakeEnv();
    const client = new ChatClient(env.options).start();
    env.last().authenticate();
    env.last().serverClose(code);
    assert.equal(client.state, "signed_out");
    env.timers.advance(10 * 60_000);
    assert.equal(env.sockets.length, 1, `no second socket after ${code}`);
    assert.deepEqual(env.timers.pending(), []);
  }
});

Deno.test("ws client - 4401 refreshes the session first, then reconnects", async () => {
  const calls: string[] = [];
  const env = fakeEnv({
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(`${init?.method ?? "GET"} ${input}`);
      return Promise.resolve(new Response("{}", { status: 200 }));
    }) as typeof fetch,
  });
  const client = new ChatClient(env.options).start();
  env.last().open();
  env.last().serverClose(CLOSE.unauthenticated);
  await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(calls, ["POST /api/v1/auth/refresh"]);
  env.timers.advance(5000);
  assert.equal(env.sockets.length, 2);
  env.last().authenticate();
  assert.equal(client.state, "open");
  client.close();
});

Deno.test("ws client - a refused refresh after 4401 means signed out", async () => {
  const env = fakeEnv({
    fetch: (() => Promise.resolve(new Response("{}", { status: 401 }))) as typeof fetch,
  });
  const client = new ChatClient(env.options).start();
  env.last().serverClose(CLOSE.unauthenticated);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(client.state, "signed_out");
  env.timers.advance(60_000);
  assert.equal(env.sockets.length, 1);
});

Deno.test("ws client - the outbox resends with the same clientMsgId until acked", () => {
  const storage = new MemoryStorage();
  const env = fakeEnv({ storage });
  const client = new ChatClient(env.options).start();
  // Sent while connecting: kept, not lost.
  const entry = client.sendMessage({ conversationId: "c1", content: "hello" });
  assert.equal(client.pending("c1").length, 1);
  assert.ok(storage.getItem(OUTBOX_KEY)?.includes(entry.clientMsgId), "mirrored to storage");
  env.last().authenticate();
  assert.deepEqual(env.last().sentOfType("send_message"), [
    {
      type: "send_message",
      conversationId: "c1",
      clientMsgId: entry.clientMsgId,
      content: "hello",
    },
  ]);
  // The connection drops before the ack: the next connection resends the same id.
  env.last().serverClose(1006);
  env.timers.advance(5000);
  env.last().authenticate();
  const resent = env.last().sentOfType("send_message");
  assert.equal(resent.length, 1);
  assert.equal(resent[0].clientMsgId, entry.clientMsgId);
  // A reload before the ack: a new client from the same storage resends it too.
  const reloaded = fakeEnv({ storage });
  const second = new ChatClient(reloaded.options).start();
  reloaded.last().authenticate();
  assert.equal(reloaded.last().sentOfType("send_message")[0].clientMsgId, entry.clientMsgId);
  second.close();
  // The ack empties the outbox; later reconnects send nothing more.
  const acks: string[] = [];
  client.on("ack", (a) => acks.push(a.clientMsgId));
  env.last().frame({
    type: "ack",
    clientMsgId: entry.clientMsgId,
    id: "m1",
    seq: 1,
    conversationId: "c1",
  });
  assert.deepEqual(acks, [entry.clientMsgId]);
  assert.deepEqual(client.pending(), []);
  assert.equal(storage.getItem(OUTBOX_KEY), null);
  env.last().serverClose(1012);
  env.timers.advance(5000);
  env.last().authenticate();
  assert.equal(env.last().sentOfType("send_message").length, 0);
  client.close();
});

Deno.test("ws client - rate limited waits retryAfter; a refused message leaves the outbox", () => {
  const env = fakeEnv();
  const client = new ChatClient(env.options).start();
  env.last().authenticate();
  const a = client.sendMessage({ conversationId: "c1", content: "a", replyTo: "m0" });
  env.last().frame({
    type: "error",
    code: "rate_limited",
    message: "Slow down.",
    retryAfter: 3,
    ref: a.clientMsgId,
  });
  env.timers.advance(2999);
  assert.equal(env.last().sentOfType("send_message").length, 1);
  env.timers.advance(1);
  const sent = env.last().sentOfType("send_message");
  assert.equal(sent.length, 2);
  assert.equal(sent[1].clientMsgId, a.clientMsgId);
  assert.equal(sent[1].replyTo, "m0");
  const failed: string[] = [];
  client.on("send_failed", (f) => failed.push(`${f.entry.clientMsgId}:${f.code}`));
  env.last().frame({ type: "error", code: "forbidden", message: "No.", ref: a.clientMsgId });
  assert.deepEqual(failed, [`${a.clientMsgId}:forbidden`]);
  assert.deepEqual(client.pending(), []);
  client.close();
});

Deno.test("ws client - duplicates are dropped whichever way they arrive", () => {
  const env = fakeEnv();
  const client = new ChatClient(env.options).start();
  client.watch("c1", 2, ["m-c1-1", "m-c1-2"]);
  const seen: number[] = [];
  client.on("new_message", (f) => seen.push(f.message.seq));
  env.last().authenticate();
  const ws = env.last();
  ws.frame({ type: "new_message", message: message("c1", 2) }); // already on the page
  ws.frame({ type: "new_message", message: message("c1", 3) });
  ws.frame({ type: "new_message", message: message("c1", 3) }); // live + sync replay
  ws.frame({ type: "sync_done" });
  ws.frame({ type: "new_message", message: message("c2", 9) }); // untracked: by id only
  ws.frame({ type: "new_message", message: message("c2", 9) });
  assert.deepEqual(seen, [3, 9]);
  client.close();
});

Deno.test("ws client - sync sends the contiguous cursors after every (re)connect", () => {
  const env = fakeEnv();
  const client = new ChatClient(env.options).start();
  client.watch("c1", 5);
  client.watch("c2", 0);
  env.last().authenticate();
  assert.deepEqual(env.last().sentOfType("sync"), [{ type: "sync", cursors: { c1: 5, c2: 0 } }]);
  const ws = env.last();
  ws.frame({ type: "new_message", message: message("c1", 6) });
  ws.frame({ type: "new_message", message: message("c1", 8) }); // 7 not seen yet
  ws.frame({ type: "new_message", message: message("c2", 1) });
  assert.equal(client.cursors.cursor("c1"), 6, "the cursor stops below a hole");
  ws.serverClose(1012);
  env.timers.advance(5000);
  env.last().authenticate();
  assert.deepEqual(env.last().sentOfType("sync"), [{ type: "sync", cursors: { c1: 6, c2: 1 } }]);
  // Watching a conversation on an open connection syncs it alone.
  client.watch("c3", 4);
  assert.deepEqual(env.last().sentOfType("sync")[1], { type: "sync", cursors: { c3: 4 } });
  client.close();
});

/** A REST double serving conversation `c1` with messages 1..lastSeq, paged by seq. */
function restServer(lastSeq: number) {
  const requests: URL[] = [];
  const fetchFn = ((input: RequestInfo | URL) => {
    const url = new URL(String(input), "http://x");
    requests.push(url);
    const limit = Number(url.searchParams.get("limit"));
    const after = Number(url.searchParams.get("after"));
    const items: MessageView[] = [];
    for (let s = after + 1; s <= lastSeq && items.length < limit; s++) items.push(message("c1", s));
    const hasMore = items.length > 0 && items[items.length - 1].seq < lastSeq;
    return Promise.resolve(Response.json({ conversationId: "c1", lastSeq, items, hasMore }));
  }) as typeof fetch;
  return { requests, fetchFn };
}

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 0));
  assert.ok(condition(), what);
}

Deno.test("ws client - a truncated sync fetches the rest over REST, in order, once", async () => {
  const rest = restServer(1230);
  const env = fakeEnv({ fetch: rest.fetchFn });
  env.options.pageSize = 100;
  const client = new ChatClient(env.options).start();
  client.watch("c1", 5);
  const seen: number[] = [];
  client.on("new_message", (f) => seen.push(f.message.seq));
  env.last().authenticate();
  const ws = env.last();
  for (let s = 6; s <= 505; s++) ws.frame({ type: "new_message", message: message("c1", s) });
  ws.frame({
    type: "sync_truncated",
    conversationId: "c1",
    deliveredThroughSeq: 505,
    lastSeq: 1230,
  });
  ws.frame({ type: "sync_done" });
  await until(() => seen.length === 1225, `all 1225 missed messages (got ${seen.length})`);
  assert.deepEqual(seen, Array.from({ length: 1225 }, (_, i) => i + 6));
  assert.equal(client.cursors.cursor("c1"), 1230);
  assert.ok(rest.requests.every((u) => u.pathname === "/api/v1/conversations/c1/messages"));
  assert.equal(rest.requests[0].searchParams.get("after"), "505");
  assert.equal(rest.requests.length, 8, "pages of 100 from seq 506 to 1230");
  client.close();
});

Deno.test("ws client - a hole in live delivery is filled over REST", async () => {
  const rest = restServer(12);
  const env = fakeEnv({ fetch: rest.fetchFn });
  const client = new ChatClient(env.options).start();
  client.watch("c1", 9);
  const seen: number[] = [];
  client.on("new_message", (f) => seen.push(f.message.seq));
  env.last().authenticate();
  env.last().frame({ type: "sync_done" });
  env.last().frame({ type: "new_message", message: message("c1", 12) });
  await until(() => seen.length === 3, "10 and 11 fetched");
  assert.deepEqual(seen, [12, 10, 11]);
  assert.equal(client.cursors.cursor("c1"), 12);
  client.close();
});

Deno.test("ws client - answers pings, pings on its own, reopens a silent connection", () => {
  const env = fakeEnv();
  const client = new ChatClient(env.options).start();
  env.last().authenticate();
  const ws = env.last();
  ws.frame({ type: "ping", t: 7 });
  assert.deepEqual(ws.sentOfType("pong"), [{ type: "pong", t: 7 }]);
  env.timers.advance(25_000);
  assert.equal(ws.sentOfType("ping").length, 1);
  env.timers.advance(34_999);
  assert.equal(env.sockets.length, 1, "alive while within the idle timeout");
  env.timers.advance(1);
  assert.equal(ws.closedWith, 4408);
  assert.equal(client.state, "reconnecting");
  env.timers.advance(5000);
  assert.equal(env.sockets.length, 2);
  client.close();
  assert.equal(client.state, "closed");
});

Deno.test("ws client - send() refuses while not open; listeners can unsubscribe", () => {
  const env = fakeEnv();
  const client = new ChatClient(env.options).start();
  assert.equal(client.send({ type: "typing_start", conversationId: "c1" }), false);
  const states: string[] = [];
  const off = client.on("state", (s) => states.push(s));
  env.last().authenticate();
  off();
  env.last().serverClose(1006);
  assert.deepEqual(states, ["open"]);
  client.close();
});
