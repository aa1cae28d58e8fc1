import assert from "node:assert/strict";
import { CLOSE, type ServerFrame } from "@/lib/chat_protocol.ts";
import { type Beating, Heartbeat } from "./heartbeat.ts";

function fakeConnection() {
  const sent: ServerFrame[] = [];
  const closes: number[] = [];
  const conn: Beating & { sent: ServerFrame[]; closes: number[] } = {
    get isClosed() {
      return closes.length > 0;
    },
    lastHeard: performance.now(),
    sent,
    closes,
    send(frame: ServerFrame) {
      sent.push(frame);
    },
    close(code: number) {
      closes.push(code);
    },
  };
  return conn;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("heartbeat - pings on the interval, keeps those that answer, closes the silent", async () => {
  const heartbeat = new Heartbeat({ pingIntervalMs: 40, idleTimeoutMs: 200 });
  const lively = fakeConnection();
  const silent = fakeConnection();
  heartbeat.add(lively);
  heartbeat.add(silent);
  const answering = setInterval(() => lively.lastHeard = performance.now(), 20);
  await sleep(400);
  clearInterval(answering);
  assert.deepEqual(silent.closes, [CLOSE.idle]);
  assert.ok(silent.sent.length >= 2, "pinged before being dropped");
  assert.deepEqual(lively.closes, []);
  assert.ok(lively.sent.length >= 5 && lively.sent.every((f) => f.type === "ping"));
  assert.equal(heartbeat.size, 1);
  heartbeat.close();
  assert.equal(heartbeat.size, 0);
});

Deno.test("heartbeat - a sweep that runs late (event loop stalled) closes nobody", async () => {
  const heartbeat = new Heartbeat({ pingIntervalMs: 1_000, idleTimeoutMs: 1_000 });
  const conn = fakeConnection();
  heartbeat.add(conn);
  // Block the event loop past the idle timeout and the lag tolerance: the client's pongs could
  // be sitting unread in the socket, so silence proves nothing yet.
  const until = performance.now() + 2_600;
  while (performance.now() < until) { /* stalled */ }
  await sleep(50);
  assert.deepEqual(conn.closes, []);
  // Still silent at the next, punctual sweep: now it is idle.
  await sleep(1_100);
  assert.deepEqual(conn.closes, [CLOSE.idle]);
  heartbeat.close();
});
