/**
 * Memory per idle WebSocket connection, measured after full garbage collections: what the
 * connections keep alive, apart from what a connect storm left for the collector.
 *
 *   deno run -A --v8-flags=--expose-gc bench/ws_memory.ts [--connections 5000] [--redis]
 *     [--snapshot FILE.heapsnapshot]   (after gc, for DevTools' Memory tab)
 *     [--idle SECONDS]                 (stay connected this long first, printing memory)
 *
 * Starts WorkMate in this process (so it can call gc()) on a fresh database, populated as
 * bench/ws_load.ts's S3 is (one DM per pair of users), then opens the connections from a child
 * process, and prints RSS and V8 heap before, right after connecting, and after gc().
 */
import { parseArgs } from "node:util";
import { writeHeapSnapshot } from "node:v8";
import { manifest } from "@/routes.gen.ts";
import { startServer } from "@/server/start.ts";
import { materialize, planPopulation } from "./ws_load/setup.ts";
import { startRedis, stopProcess } from "./ws_load/servers.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    connections: { type: "string", default: "5000" },
    redis: { type: "boolean", default: false },
    snapshot: { type: "string" },
    idle: { type: "string", default: "0" },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --v8-flags=--expose-gc");
const connections = Number(values.connections);
const print = (line: string) => Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
const dataDir = await Deno.makeTempDir({ prefix: "workmate-wsmem-" });
const jwtSecret = crypto.randomUUID() + crypto.randomUUID();
const clients = planPopulation({ scenario: "s3", connections, channelSize: 100 });
await materialize("workmate", dataDir, jwtSecret, clients);
const tokensPath = `${dataDir}/tokens.json`;
await Deno.writeTextFile(tokensPath, JSON.stringify(clients.map((c) => c.token)));

const redis = values.redis ? await startRedis() : undefined;
const server = await startServer({
  env: {
    DATA_DIR: dataDir,
    JWT_SECRET: jwtSecret,
    PORT: "0",
    LOG_LEVEL: "warn",
    ...(redis ? { REDIS_URL: redis.url } : {}),
  },
  manifest,
});

const kb = (a: number, b: number) => ((b - a) / connections / 1024).toFixed(1);
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 200));
  }
};
const sample = () => {
  const m = Deno.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
};
await settle();
const before = sample();
const child = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "-A",
    new URL("./ws_memory/clients.ts", import.meta.url).pathname,
    `${server.url.replace(/^http/, "ws")}/ws`,
    tokensPath,
  ],
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
let out = "";
while (!out.includes("connected")) out += (await reader.read()).value ?? "";
await new Promise((r) => setTimeout(r, 1000));
const connected = sample();
// Optionally stay idle (heartbeats only) first, printing memory as it goes, without forcing GC.
for (let t = 5; t <= Number(values.idle); t += 5) {
  await new Promise((r) => setTimeout(r, 5000));
  const s = sample();
  print(
    `idle ${t} s: rss ${mb(s.rss)} MB, heap used ${mb(s.heapUsed)} / total ${mb(s.heapTotal)} MB`,
  );
}
await settle();
const collected = sample();
print(`${out.trim()} (of ${connections}), bus: ${redis ? "redis" : "memory"}`);
for (
  const [label, s] of [["before", before], ["connected", connected], [
    "after gc",
    collected,
  ]] as const
) {
  print(
    `${label.padEnd(10)} rss ${mb(s.rss)} MB, heap used ${mb(s.heapUsed)} / total ${
      mb(s.heapTotal)
    } MB, external ${mb(s.external)} MB`,
  );
}
print(
  `per connection: rss ${kb(before.rss, connected.rss)} KB connected, ` +
    `${kb(before.rss, collected.rss)} KB after gc; live heap ${
      kb(before.heapUsed, collected.heapUsed)
    } KB`,
);
if (values.snapshot) print(`heap snapshot: ${writeHeapSnapshot(values.snapshot)}`);
child.kill("SIGKILL");
await child.status;
await server.stop();
if (redis) await stopProcess(redis.child);
await Deno.remove(dataDir, { recursive: true });
Deno.exit(0);
