/**
 * /metrics of a real server: each family issue 5 asks for is exposed and moves when the thing
 * it measures happens (a message delivered, a job run or failed, a write committed).
 */
import assert from "node:assert/strict";
import { enqueue } from "@/server/jobs/queue.ts";
import { createAppMetrics } from "@/server/observability/metrics.ts";
import { startRedisPing } from "@/server/observability/redis_ping.ts";
import { instrumentBus } from "@/server/observability/instrument_bus.ts";
import { type Bus, createMemoryBus } from "@/server/bus/bus.ts";
import type { Mailer } from "@/server/mail/mailer.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { connectAs } from "../helpers/ws.ts";
import { msgId, openDm, person } from "../realtime/setup.ts";

/** The value of one sample (`name{labels}`, labels in the order rendered), or undefined. */
function sample(text: string, name: string, labels = ""): number | undefined {
  const prefix = labels ? `${name}{${labels}} ` : `${name} `;
  const line = text.split("\n").find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

async function scrape(server: TestServer): Promise<string> {
  const res = await fetch(`${server.url}/metrics`);
  assert.equal(res.status, 200);
  return await res.text();
}

const failingMailer: Mailer = {
  kind: "smtp",
  send: () => Promise.reject(new Error("smtp is down")),
};

Deno.test("metrics - delivery latency, frames, bus, database and memory move with a message", async () => {
  await using server = await startTestServer();
  const ana = await person(server, "Ana");
  const ben = await person(server, "Ben");
  const dm = await openDm(ana, ben);
  const a = await connectAs(server, ana.client);
  const b = await connectAs(server, ben.client);
  const before = await scrape(server);
  const delivered = (text: string) =>
    sample(text, "ws_delivery_latency_seconds_count", 'path="local"') ?? 0;

  const clientMsgId = msgId();
  a.send({ type: "send_message", conversationId: dm.id, clientMsgId, content: "hello" });
  await a.next("ack", (f) => f.clientMsgId === clientMsgId);
  await b.next("new_message", (f) => f.message.conversationId === dm.id);
  const after = await scrape(server);

  // Both members' sockets are on this instance: one fan-out, observed once.
  assert.equal(delivered(after) - delivered(before), 1);
  assert.ok(sample(after, "ws_delivery_latency_seconds_bucket", 'path="local",le="+Inf"')! >= 1);
  assert.equal(sample(after, "ws_connections"), 2);
  assert.ok(sample(after, "ws_frames_in_total", 'type="send_message"')! >= 1);
  assert.ok(sample(after, "ws_frames_out_total", 'type="new_message"')! >= 2);
  const published = (t: string) =>
    sample(t, "bus_publish_duration_seconds_count", 'topic="conversation"') ?? 0;
  assert.ok(published(after) > published(before), "the publish was timed");
  const commits = (t: string) =>
    sample(t, "db_write_duration_seconds_count", 'outcome="commit"') ?? 0;
  assert.ok(commits(after) > commits(before), "the message's transaction was timed");
  assert.ok(sample(after, "db_write_wait_seconds_count")! > 0);
  assert.ok(sample(after, "db_ping_seconds")! >= 0);
  assert.ok(sample(after, "process_resident_memory_bytes")! > 1e6);
  assert.ok(sample(after, "process_heap_used_bytes")! > 0);
  assert.equal(sample(after, "http_requests_in_flight"), 1, "the scrape itself");
  await Promise.all([a.close(), b.close()]);
});

Deno.test("metrics - job queue depth and failures follow the queue", async () => {
  await using server = await startTestServer({ mailer: failingMailer });
  await person(server, "Cleo"); // registration queues a confirmation mail
  const depth = (t: string, status: string) => sample(t, "jobs_queue_depth", `status="${status}"`);
  let text = await scrape(server);
  assert.ok(depth(text, "pending")! >= 1);
  assert.equal(depth(text, "failed"), 0);

  // A job allowed one attempt, whose mail cannot be sent, ends as failed.
  const now = Date.now();
  await server.deps.db.write((tx) =>
    enqueue(tx, "mail.send", { to: "x@example.com", subject: "s", text: "t" }, {
      now,
      maxAttempts: 1,
    })
  );
  await server.drainJobs();
  text = await scrape(server);
  assert.equal(depth(text, "failed"), 1);
  assert.equal(depth(text, "running"), 0);
  assert.equal(sample(text, "jobs_processed_total", 'kind="mail.send",outcome="failed"'), 1);
  assert.ok(sample(text, "jobs_processed_total", 'kind="mail.send",outcome="retry"')! >= 1);
});

Deno.test("metrics - instrumentBus times publishes and counts failures by topic kind", async () => {
  const metrics = createAppMetrics();
  const bus = instrumentBus(createMemoryBus(), metrics);
  await bus.publish("user:u1", { type: "user.updated", userId: "u1" });
  const failing: Bus = {
    ...createMemoryBus(),
    publish: () => Promise.reject(new Error("redis is away")),
  };
  const broken = instrumentBus(failing, metrics);
  await assert.rejects(broken.publish("conversation:c1", { type: "job.published", jobId: "j" }));
  const text = await metrics.registry.render();
  assert.equal(sample(text, "bus_publish_duration_seconds_count", 'topic="user"'), 1);
  assert.equal(sample(text, "bus_publish_duration_seconds_count", 'topic="conversation"'), 1);
  assert.equal(sample(text, "bus_publish_errors_total", 'topic="conversation"'), 1);
});

Deno.test("metrics - the Redis PING hook observes round trips and failures", async () => {
  const metrics = createAppMetrics();
  let calls = 0;
  const seen = Promise.withResolvers<void>();
  const stop = startRedisPing(
    () => {
      if (++calls === 3) seen.resolve();
      return calls === 2 ? Promise.reject(new Error("down")) : Promise.resolve("PONG");
    },
    metrics,
    5,
  );
  await seen.promise;
  stop();
  const text = await metrics.registry.render();
  assert.ok(sample(text, "redis_ping_duration_seconds_count")! >= 1);
  assert.equal(sample(text, "redis_ping_errors_total"), 1);
});
