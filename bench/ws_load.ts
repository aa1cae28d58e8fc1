/**
 * WebSocket load benchmark: authenticated clients through the real protocol, against WorkMate
 * (`main.ts`, a fresh database in a temporary DATA_DIR, users/sessions/conversations written
 * straight into it) and against a reference Socket.IO v4 server (bench/socketio/server.js,
 * stores nothing). Client processes (bench/ws_load/worker.ts) connect, send at a fixed total
 * rate, and check every delivery; this process merges their reports with the server's memory
 * and CPU from /proc. Run it through bench/ws_load.sh, which raises the open-file limit.
 *
 *   bench/ws_load.sh --scenario s1|s2|s3 [--target workmate|socketio|both] [--connections N]
 *     [--rate MSG_PER_S] [--duration S] [--warmup S] [--workers N] [--channel-size N]
 *     [--instances N] [--db file|sqld] [--addresses N] [--connect-concurrency N] [--out FILE.json]
 *
 * Defaults are the full scale: S1 10,000 connections in 5,000 DM pairs at 1,000 msg/s;
 * S2 10,000 connections in channels of 100 at 200 msg/s; S3 50,000 idle connections; 60 s.
 * `--db sqld` puts the database behind a libSQL server (bench/sqld/install.sh fetches it) that
 * every instance talks to, as a production deployment would, instead of one shared file.
 */
import { parseArgs } from "node:util";
import { materialize, planPopulation } from "./ws_load/setup.ts";
import { scrapeHistograms, scrapeMemory, type ServerHistograms } from "./ws_load/server_metrics.ts";
import {
  cpuPercent,
  type ProcStats,
  procStats,
  type ServerProc,
  startRedis,
  startSqld,
  startTarget,
  stopProcess,
} from "./ws_load/servers.ts";
import {
  type ClientSpec,
  mergeHistograms,
  newHistogram,
  nowMs,
  quantile,
  type Scenario,
  type Target,
  type WorkerCommand,
  type WorkerEvent,
  type WorkerPlan,
  type WorkerReport,
} from "./ws_load/shared.ts";

const WORKER = new URL("./ws_load/worker.ts", import.meta.url).pathname;
const encoder = new TextEncoder();
const print = (line = "") => Deno.stdout.writeSync(encoder.encode(line + "\n"));

interface Options {
  scenario: Scenario;
  targets: Target[];
  connections: number;
  rate: number;
  durationMs: number;
  warmupMs: number;
  workers: number;
  channelSize: number;
  instances: number;
  db: "file" | "sqld";
  addresses: number;
  connectConcurrency: number;
  out?: string;
  cpuProf: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      scenario: { type: "string" },
      target: { type: "string", default: "both" },
      connections: { type: "string" },
      rate: { type: "string" },
      duration: { type: "string", default: "60" },
      warmup: { type: "string", default: "5" },
      workers: { type: "string" },
      "channel-size": { type: "string", default: "100" },
      instances: { type: "string", default: "1" },
      db: { type: "string", default: "file" },
      addresses: { type: "string", default: "1" },
      "connect-concurrency": { type: "string", default: "100" },
      out: { type: "string" },
      "cpu-prof": { type: "boolean", default: false },
    },
  });
  const scenario = values.scenario as Scenario;
  if (!["s1", "s2", "s3"].includes(scenario)) throw new Error("--scenario must be s1, s2 or s3");
  const num = (name: string, v: string | undefined, fallback: number) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0`);
    return n;
  };
  const connections = num("connections", values.connections, scenario === "s3" ? 50_000 : 10_000);
  const rate = num("rate", values.rate, { s1: 1000, s2: 200, s3: 0 }[scenario]);
  const targets: Target[] = values.target === "both"
    ? ["workmate", "socketio"]
    : [values.target as Target];
  if (!targets.every((t) => t === "workmate" || t === "socketio")) {
    throw new Error("--target must be workmate, socketio or both");
  }
  // The server allows 60 messages a minute per user: stay under it with a margin.
  const perUserPerMinute = connections ? rate / connections * 60 : 0;
  if (perUserPerMinute > 50) {
    throw new Error(
      `${rate} msg/s over ${connections} users is ${perUserPerMinute.toFixed(0)}/min/user: ` +
        "over the 60/min limit's margin. Add connections or lower the rate.",
    );
  }
  if (values.db !== "file" && values.db !== "sqld") throw new Error("--db must be file or sqld");
  return {
    scenario,
    targets,
    db: values.db,
    connections,
    rate,
    durationMs: num("duration", values.duration, 60) * 1000,
    warmupMs: num("warmup", values.warmup, 5) * 1000,
    // About 5,000 sockets per client process: well under its open-file limit, and spread
    // over both cores.
    workers: num("workers", values.workers, Math.max(2, Math.ceil(connections / 5000))),
    channelSize: num("channel-size", values["channel-size"], 100),
    instances: num("instances", values.instances, 1),
    addresses: num("addresses", values.addresses, 1),
    connectConcurrency: num("connect-concurrency", values["connect-concurrency"], 100),
    out: values.out,
    cpuProf: values["cpu-prof"],
  };
}

interface WorkerHandle {
  child: Deno.ChildProcess;
  stdin: WritableStreamDefaultWriter<Uint8Array>;
  connected: Promise<Extract<WorkerEvent, { type: "connected" }>>;
  report: Promise<WorkerReport>;
}

function spawnWorker(plan: WorkerPlan, planPath: string): WorkerHandle {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--v8-flags=--max-old-space-size=4096", WORKER, planPath],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const connected = Promise.withResolvers<Extract<WorkerEvent, { type: "connected" }>>();
  const report = Promise.withResolvers<WorkerReport>();
  (async () => {
    let buffered = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const event: WorkerEvent = JSON.parse(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        if (event.type === "connected") connected.resolve(event);
        else if (event.type === "report") report.resolve(event.report);
        else print(`  worker ${plan.worker}: ${event.message}`);
      }
    }
    const failure = new Error(`worker ${plan.worker} exited without reporting`);
    connected.reject(failure);
    report.reject(failure);
  })();
  return {
    child,
    stdin: child.stdin.getWriter(),
    connected: connected.promise,
    report: report.promise,
  };
}

function command(handle: WorkerHandle, c: WorkerCommand) {
  return handle.stdin.write(encoder.encode(JSON.stringify(c) + "\n"));
}

const sumStats = (pids: number[]): ProcStats => {
  const all = pids.map(procStats);
  return {
    rssKb: all.reduce((a, s) => a + s.rssKb, 0),
    cpuTicks: all.reduce((a, s) => a + s.cpuTicks, 0),
    at: performance.now(),
  };
};

async function runTarget(options: Options, target: Target) {
  print(
    `\n== ${target} ${options.scenario}: ${options.connections} connections, ` +
      `${options.rate} msg/s, ${options.durationMs / 1000} s, ${options.instances} instance(s)` +
      (target === "workmate" ? `, database ${options.db}` : ""),
  );
  const dataDir = await Deno.makeTempDir({ prefix: "workmate-wsload-" });
  const jwtSecret = crypto.randomUUID() + crypto.randomUUID();
  const metricsToken = crypto.randomUUID();
  const clients = planPopulation(options);
  const t0 = performance.now();
  await materialize(target, dataDir, jwtSecret, clients);
  print(`setup: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  let sqld: Awaited<ReturnType<typeof startSqld>> | undefined;
  const servers: ServerProc[] = [];
  const workers: WorkerHandle[] = [];
  try {
    if (options.instances > 1) redis = await startRedis();
    if (target === "workmate" && options.db === "sqld") {
      sqld = await startSqld(dataDir, `${dataDir}/workmate.db`);
    }
    for (let i = 0; i < options.instances; i++) {
      servers.push(
        await startTarget(target, {
          dataDir,
          jwtSecret,
          hostname: options.addresses > 1 ? "0.0.0.0" : "127.0.0.1",
          redisUrl: redis?.url,
          libsqlUrl: sqld?.url,
          metricsToken,
          denoFlags: options.cpuProf ? [`--cpu-prof`, `--cpu-prof-dir=${dataDir}/prof`] : [],
        }),
      );
    }
    // Client i goes to server i % instances, through loopback address (i / instances) %
    // addresses: more destination addresses, more ephemeral ports (each (src, dst, port)
    // tuple has its own 28k).
    const urls: string[] = [];
    for (let a = 0; a < options.addresses; a++) {
      for (const s of servers) urls.push(`ws://127.0.0.${1 + a}:${s.port}`);
    }
    // The database server's memory and CPU count as the server's.
    const pids = [...servers.map((s) => s.pid), ...(sqld ? [sqld.child.pid] : [])];
    const before = sumStats(pids);

    const shares: ClientSpec[][] = Array.from({ length: options.workers }, () => []);
    clients.forEach((c, i) => shares[i % options.workers].push(c));
    for (let w = 0; w < options.workers; w++) {
      const plan: WorkerPlan = {
        worker: w,
        target,
        urls,
        clients: shares[w],
        rate: options.rate / options.workers,
        durationMs: options.durationMs,
        warmupMs: options.warmupMs,
        connectConcurrency: Math.max(1, Math.round(options.connectConcurrency / options.workers)),
        connectTimeoutMs: 60_000,
      };
      const planPath = `${dataDir}/plan-${w}.json`;
      await Deno.writeTextFile(planPath, JSON.stringify(plan));
      workers.push(spawnWorker(plan, planPath));
    }
    const connectStart = performance.now();
    const connectedEvents = await Promise.all(workers.map((w) => w.connected));
    const connectSeconds = (performance.now() - connectStart) / 1000;
    const connectedOk = connectedEvents.reduce((a, e) => a + e.ok, 0);
    const connectErrors = connectedEvents.flatMap((e) => e.errors);
    // Let the server settle (GC, presence) before reading its memory.
    await new Promise((r) => setTimeout(r, 3000));
    const afterConnect = sumStats(pids);
    const memoryConnected = target === "workmate"
      ? await scrapeMemory(servers.map((s) => s.port), metricsToken)
      : {};
    print(
      `connected ${connectedOk}/${clients.length} in ${connectSeconds.toFixed(1)} s` +
        (connectErrors.length ? ` (errors: ${connectErrors.join(", ")})` : ""),
    );

    const startAt = nowMs() + 1000;
    for (const w of workers) await command(w, { type: "start", at: startAt });
    await new Promise((r) => setTimeout(r, 1000 + options.warmupMs));
    const measureStart = sumStats(pids);
    // RSS moves with the collector's cycle (garbage piles up between collections): sampled
    // through the measured window, not read once.
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(sumStats(pids).rssKb), 5_000);
    const reports = await Promise.all(workers.map((w) => w.report));
    clearInterval(sampler);
    const end = sumStats(pids);
    rssSamples.push(end.rssKb);
    const peakRss = end.rssKb;
    const histograms = target === "workmate"
      ? await scrapeHistograms(servers.map((s) => s.port), metricsToken)
      : {};
    for (const w of workers) await command(w, { type: "finish" });
    await Promise.all(workers.map((w) => w.child.status));

    const result = summarize(options, target, {
      clients,
      reports,
      connectedOk,
      connectSeconds,
      connectErrors,
      before,
      afterConnect,
      measureStart,
      end,
      peakRss,
      histograms,
      memoryConnected,
      rssSamples,
    });
    if (options.cpuProf) result.cpuProfileDir = `${dataDir}/prof`;
    return result;
  } finally {
    for (const w of workers) {
      try {
        w.child.kill("SIGKILL");
      } catch {
        // exited
      }
    }
    for (const s of servers) await stopProcess(s.child);
    if (redis) await stopProcess(redis.child);
    if (sqld) await stopProcess(sqld.child);
    if (!options.cpuProf) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

function summarize(options: Options, target: Target, run: {
  clients: ClientSpec[];
  reports: WorkerReport[];
  connectedOk: number;
  connectSeconds: number;
  connectErrors: string[];
  before: ProcStats;
  afterConnect: ProcStats;
  measureStart: ProcStats;
  end: ProcStats;
  peakRss: number;
  histograms: ServerHistograms;
  memoryConnected: Record<string, number>;
  rssSamples: number[];
}) {
  const { reports } = run;
  const hist = newHistogram();
  const ackedByConversation = new Map<string, number>();
  const total = { sent: 0, acked: 0, sendErrors: 0, duplicates: 0, gaps: 0, window: 0 };
  const sendErrorKinds: Record<string, number> = {};
  const closes: Record<string, number> = {};
  let maxMs = 0;
  for (const r of reports) {
    mergeHistograms(hist, r.histogram);
    maxMs = Math.max(maxMs, r.maxMs);
    total.sent += r.sent;
    total.acked += r.acked;
    total.sendErrors += r.sendErrors;
    total.duplicates += r.duplicates;
    total.gaps += r.counterGaps;
    total.window += r.windowDeliveries;
    for (const [k, v] of Object.entries(r.ackedByConversation)) {
      ackedByConversation.set(k, (ackedByConversation.get(k) ?? 0) + v);
    }
    for (const [k, v] of Object.entries(r.sendErrorKinds)) {
      sendErrorKinds[k] = (sendErrorKinds[k] ?? 0) + v;
    }
    for (const [k, v] of Object.entries(r.closes)) closes[k] = (closes[k] ?? 0) + v;
  }
  // Every connected member should have every acknowledged message of its conversations exactly
  // once — its own too: WorkMate echoes new_message to the sender's sockets (its other devices
  // stay in sync), and the Socket.IO reference emits to the whole room to do the same work.
  let expected = 0;
  let received = 0;
  let missing = 0;
  const receivedBy = new Map<string, number>();
  for (const r of reports) {
    for (const [key, v] of Object.entries(r.received)) receivedBy.set(key, v);
  }
  for (const r of reports) {
    for (const index of r.connected) {
      const conversation = run.clients[index].conversations[0];
      const want = ackedByConversation.get(conversation) ?? 0;
      const got = receivedBy.get(`${index}|${conversation}`) ?? 0;
      expected += want;
      received += got;
      if (got < want) missing += want - got;
    }
  }
  const windowSeconds = (options.durationMs - options.warmupMs) / 1000;
  const sendSeconds = options.durationMs / 1000;
  return {
    date: new Date().toISOString(),
    target,
    scenario: options.scenario,
    instances: options.instances,
    db: target === "workmate" ? options.db : "none",
    connections: options.connections,
    connected: run.connectedOk,
    connectSuccessPct: run.connectedOk / options.connections * 100,
    connectSeconds: run.connectSeconds,
    connectErrors: run.connectErrors,
    rateTarget: options.rate,
    sent: total.sent,
    acked: total.acked,
    sendErrors: total.sendErrors,
    sendErrorKinds,
    messagesInPerSec: total.acked / sendSeconds,
    expectedDeliveries: expected,
    deliveries: received,
    missing,
    duplicates: total.duplicates,
    counterGaps: total.gaps,
    deliveriesPerSec: total.window / windowSeconds,
    latencyMs: {
      p50: quantile(hist, 0.5),
      p95: quantile(hist, 0.95),
      p99: quantile(hist, 0.99),
      max: maxMs,
      samples: hist.reduce((a, b) => a + b, 0),
    },
    closesDuringRun: closes,
    server: {
      rssBeforeMb: run.before.rssKb / 1024,
      rssConnectedMb: run.afterConnect.rssKb / 1024,
      rssEndMb: run.peakRss / 1024,
      kbPerConnection: run.connectedOk
        ? (run.afterConnect.rssKb - run.before.rssKb) / run.connectedOk
        : NaN,
      /** KB per connection over the measured window (RSS sampled every 5 s, minus before). */
      kbPerConnectionWindow: perConnection(run.rssSamples, run.before.rssKb, run.connectedOk),
      cpuConnectPct: cpuPercent(run.before, run.afterConnect),
      cpuMeasuredPct: cpuPercent(run.measureStart, run.end),
    },
    serverHistograms: run.histograms,
    /** MB over all instances once connected: RSS, V8 heap used/total, external. */
    serverMemoryConnectedMb: run.memoryConnected,
    cpuProfileDir: undefined as string | undefined,
  };
}

function perConnection(samples: number[], beforeKb: number, connected: number) {
  const kb = samples.map((rss) => (rss - beforeKb) / Math.max(1, connected));
  return {
    min: Math.min(...kb),
    mean: kb.reduce((a, b) => a + b, 0) / kb.length,
    max: Math.max(...kb),
  };
}

function printResult(r: Awaited<ReturnType<typeof runTarget>>) {
  const f = (n: number, d = 1) => Number.isFinite(n) ? n.toFixed(d) : "—";
  // The histogram's last bucket holds everything past 10 s.
  const ms = (n: number) => n > 10_000 && n < 10_001 ? "> 10000" : f(n);
  print(
    `connect ${r.connected}/${r.connections} (${f(r.connectSuccessPct, 2)} %) in ` +
      `${f(r.connectSeconds)} s`,
  );
  print(
    `in ${f(r.messagesInPerSec)} msg/s (sent ${r.sent}, acked ${r.acked}, errors ${r.sendErrors}` +
      ` ${JSON.stringify(r.sendErrorKinds)}); out ${f(r.deliveriesPerSec)} deliveries/s`,
  );
  print(
    `deliveries ${r.deliveries}/${r.expectedDeliveries}: missing ${r.missing}, duplicates ` +
      `${r.duplicates}, counter gaps ${r.counterGaps}; closes ${JSON.stringify(r.closesDuringRun)}`,
  );
  const l = r.latencyMs;
  print(
    `latency ms p50 ${ms(l.p50)} p95 ${ms(l.p95)} p99 ${ms(l.p99)} max ${f(l.max)} ` +
      `(${l.samples} samples)`,
  );
  const s = r.server;
  print(
    `server RSS ${f(s.rssBeforeMb)} → ${f(s.rssConnectedMb)} → ${f(s.rssEndMb)} MB ` +
      `(${f(s.kbPerConnection)} KB/connection); CPU ${f(s.cpuConnectPct)} % connecting, ` +
      `${f(s.cpuMeasuredPct)} % measured (100 % = one core)`,
  );
  const w = s.kbPerConnectionWindow;
  print(
    `  KB/connection over the measured window: min ${f(w.min)}, mean ${f(w.mean)}, max ${f(w.max)}`,
  );
  if (Object.keys(r.serverMemoryConnectedMb).length) {
    const m = Object.entries(r.serverMemoryConnectedMb).map(([k, v]) => `${k} ${f(v)}`);
    print(`  memory once connected (MB, all instances): ${m.join(", ")}`);
  }
  for (const [name, h] of Object.entries(r.serverHistograms)) {
    print(
      `  ${name}: ${h.count} × mean ${f(h.meanMs, 2)} ms, p50 ${f(h.p50Ms, 2)} ms, ` +
        `p99 ${f(h.p99Ms, 2)} ms`,
    );
  }
  if (r.cpuProfileDir) print(`cpu profile in ${r.cpuProfileDir}`);
}

const options = readOptions();
const results = [];
for (const target of options.targets) {
  const result = await runTarget(options, target);
  printResult(result);
  results.push(result);
}
if (options.out) await Deno.writeTextFile(options.out, JSON.stringify(results, null, 2) + "\n");
Deno.exit(0);
