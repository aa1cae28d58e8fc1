import assert from "node:assert/strict";
import type { BusEvent, Topic } from "@/lib/events.ts";
import type { Logger } from "@/server/observability/log.ts";
import { type Bus, createMemoryBus } from "@/server/bus/bus.ts";
import { dispatchFrame } from "@/server/realtime/dispatch.ts";
import { Hub } from "@/server/realtime/hub.ts";
import type { Connection } from "@/server/realtime/connection.ts";
import { type FrameContext, FrameError } from "@/server/realtime/types.ts";
import type { ServerFrame } from "@/lib/chat_protocol.ts";
import { HttpError } from "@/server/errors.ts";
import { startTestServer } from "../helpers/server.ts";
import { connectAs } from "../helpers/ws.ts";
import { openDm, person } from "./setup.ts";

/** A bus that records which topics have subscribers. */
function spyBus(): Bus & { topics(): Topic[] } {
  const inner = createMemoryBus();
  const live = new Map<Topic, number>();
  return {
    publish: inner.publish,
    close: inner.close,
    subscribe(topic, handler) {
      live.set(topic, (live.get(topic) ?? 0) + 1);
      const off = inner.subscribe(topic, handler);
      return () => {
        live.set(topic, live.get(topic)! - 1);
        if (live.get(topic) === 0) live.delete(topic);
        off();
      };
    },
    topics: () => [...live.keys()].sort(),
  };
}

function fakeConnection(userId: string): Connection & { sent: ServerFrame[] } {
  const sent: ServerFrame[] = [];
  return {
    id: crypto.randomUUID(),
    user: { id: userId },
    conversations: new Set<string>(),
    sent,
    send: (f: ServerFrame) => void sent.push(f),
  } as unknown as Connection & { sent: ServerFrame[] };
}

function waitUntil(check: () => boolean, timeoutMs = 2000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error("condition not met"));
      setTimeout(tick, 5);
    };
    tick();
  });
}

Deno.test("hub - subscribes a topic with its first local connection, and lets go a little after the last", async () => {
  const bus = spyBus();
  const hub = new Hub(bus, { lingerMs: 30, onUserEvent: () => {} });
  const a1 = fakeConnection("a");
  const a2 = fakeConnection("a");
  hub.add(a1);
  hub.add(a2);
  hub.subscribe(a1, "c1");
  hub.subscribe(a2, "c1");
  assert.deepEqual(bus.topics(), ["conversation:c1", "user:a"]);
  await bus.publish(
    "conversation:c1",
    {
      type: "realtime.frame",
      frame: { type: "sync_done" },
      exceptUserId: "nobody",
    } satisfies BusEvent,
  );
  await waitUntil(() => a1.sent.length === 1 && a2.sent.length === 1);
  hub.remove(a1);
  assert.deepEqual(bus.topics(), ["conversation:c1", "user:a"], "a2 still needs both");
  hub.remove(a2);
  assert.deepEqual(bus.topics(), ["conversation:c1", "user:a"], "lingering");
  // Back within the linger: nothing was unsubscribed.
  const a3 = fakeConnection("a");
  hub.add(a3);
  hub.subscribe(a3, "c1");
  hub.remove(a3);
  await waitUntil(() => bus.topics().length === 0);
  hub.close();
});

Deno.test("dispatch - FrameError and domain errors become error frames; anything else is internal", async () => {
  const sent: ServerFrame[] = [];
  const logged: string[] = [];
  const log = { error: (msg: string) => void logged.push(msg) } as unknown as Logger;
  const ctx = {
    conn: { id: "c", user: { id: "u" }, send: (f: ServerFrame) => void sent.push(f) },
  } as unknown as FrameContext;
  const frame = { type: "typing_start", conversationId: "x" } as const;
  await dispatchFrame(ctx, frame, {
    typing_start: () => Promise.reject(new FrameError("conflict", "busy", { retryAfter: 3 })),
  }, log);
  await dispatchFrame(ctx, frame, {
    typing_start: () => Promise.reject(new HttpError("not-found", "gone")),
  }, log);
  await dispatchFrame(ctx, frame, {
    typing_start: () => Promise.reject(new Error("database on fire")),
  }, log);
  await dispatchFrame(ctx, frame, {}, log);
  assert.deepEqual(sent, [
    { type: "error", code: "conflict", message: "busy", retryAfter: 3, ref: "x" },
    { type: "error", code: "not_found", message: "gone", ref: "x" },
    {
      type: "error",
      code: "internal",
      message: "Something went wrong on our side. Try again.",
      ref: "x",
    },
    {
      type: "error",
      code: "bad_frame",
      message: "'typing_start' frames are not handled here.",
      ref: "x",
    },
  ]);
  assert.deepEqual(logged, ["frame handler failed"]);
  assert.doesNotMatch(JSON.stringify(sent), /on fire/, "internals never reach the client");
});

Deno.test("ws metrics - open connections and frames in and out by type", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  a.send({ type: "ping", t: 1 });
  await a.next("pong");
  const metrics = await (await fetch(server.url + "/metrics")).text();
  assert.match(metrics, /^ws_connections 1$/m);
  assert.match(metrics, /ws_frames_in_total\{type="ping"\} 1/);
  assert.match(metrics, /ws_frames_out_total\{type="authenticated"\} 1/);
  assert.match(metrics, /ws_frames_out_total\{type="pong"\} 1/);
  await a.close();
  await waitUntil(() => server.deps.gateway.size === 0);
});
