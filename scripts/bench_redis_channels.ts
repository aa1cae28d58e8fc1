/**
 * Micro-benchmark behind the Redis bus's design (docs/architecture.md, "Scaling out"): per-topic
 * channels (each instance SUBSCRIBEs only what its sockets need) against a small fixed set of
 * shard channels every instance subscribes to and filters locally.
 *
 *   redis-server --port 6390 --save "" --appendonly no &
 *   deno run -A scripts/bench_redis_channels.ts redis://127.0.0.1:6390
 *
 * Setup: INSTANCES subscriber connections, TOPICS topics split evenly between them (a topic's
 * sockets sit on one instance), MESSAGES published to random topics in one pipeline. Measures
 * subscribe time, time until every interested instance has every message, and how many
 * messages each instance had to receive and parse.
 */
import { Redis } from "ioredis";

const url = Deno.args[0] ?? "redis://127.0.0.1:6379";
const INSTANCES = 3;
const TOPICS = 30_000;
const MESSAGES = 30_000;
const SHARDS = 16;
const payload = JSON.stringify({
  o: "x",
  e: { type: "realtime.frame", frame: { text: "x".repeat(200) } },
});

async function run(mode: "per-topic" | "sharded") {
  const subs = Array.from({ length: INSTANCES }, () => new Redis(url));
  const pub = new Redis(url);
  const owner = (topic: number) => topic % INSTANCES;
  const channelOf = (topic: number) => mode === "per-topic" ? `t:${topic}` : `s:${topic % SHARDS}`;
  const received = subs.map(() => 0);
  const delivered = subs.map(() => 0);
  let wanted = 0;
  const done = Promise.withResolvers<void>();
  const t0 = performance.now();
  await Promise.all(subs.map((sub, i) => {
    const channels = mode === "per-topic"
      ? Array.from({ length: TOPICS }, (_, t) => t).filter((t) => owner(t) === i).map(channelOf)
      : Array.from({ length: SHARDS }, (_, s) => `s:${s}`);
    sub.on("message", (_channel: string, raw: string) => {
      received[i]++;
      const [topic] = raw.split("|", 1);
      JSON.parse(raw.slice(topic.length + 1));
      // Sharded: every instance gets every message of its shards and keeps its own topics.
      if (owner(Number(topic)) === i && ++delivered[i] && --wanted === 0) done.resolve();
    });
    const batches = [];
    for (let k = 0; k < channels.length; k += 1000) {
      batches.push(sub.subscribe(...channels.slice(k, k + 1000)));
    }
    return Promise.all(batches);
  }));
  const subscribeMs = performance.now() - t0;
  const info = await pub.info("memory");
  const memory = info.match(/used_memory_human:(\S+)/)?.[1];
  wanted = MESSAGES;
  const t1 = performance.now();
  const batch = pub.pipeline();
  for (let m = 0; m < MESSAGES; m++) {
    const topic = Math.floor(Math.random() * TOPICS);
    batch.publish(channelOf(topic), `${topic}|${payload}`);
  }
  await batch.exec();
  await done.promise;
  const deliverMs = performance.now() - t1;
  for (const c of [...subs, pub]) c.disconnect();
  return {
    mode,
    subscribeMs: Math.round(subscribeMs),
    redisMemory: memory,
    deliverMs: Math.round(deliverMs),
    perSecond: Math.round(MESSAGES / (deliverMs / 1000)),
    receivedPerInstance: received,
  };
}

for (const mode of ["per-topic", "sharded", "per-topic", "sharded"] as const) {
  // deno-lint-ignore no-console
  console.log(JSON.stringify(await run(mode)));
}
