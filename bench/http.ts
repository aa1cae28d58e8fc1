/**
 * HTTP latency and throughput of the real server, started here as a subprocess with a fresh
 * database: POST /api/v1/auth/login (bound by argon2id by design) and an authenticated
 * GET /api/v1/users/me with a bearer token. Each scenario runs closed-loop at a fixed
 * concurrency: a warm-up that is not recorded, then a fixed duration.
 *
 *   deno task bench [--concurrency 50] [--duration 10] [--warmup 2] [--users 50]
 *
 * The server trusts X-Forwarded-For (TRUST_PROXY=true) so every login can come from its own
 * address and stay under the per-IP login limit (10 per 15 minutes); results land in
 * bench/RESULTS.md by hand.
 */
import { parseArgs } from "node:util";

const ROOT = new URL("../", import.meta.url);
const PASSWORD = "bench password 0123456789";

interface Options {
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  users: number;
}

interface Result {
  name: string;
  requests: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  latencies: number[];
}

function print(line = "") {
  Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
}

function readOptions(): Options {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      concurrency: { type: "string", default: "50" },
      duration: { type: "string", default: "10" },
      warmup: { type: "string", default: "2" },
      users: { type: "string", default: "50" },
    },
  });
  const num = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  return {
    concurrency: Math.round(num("concurrency", values.concurrency)),
    durationMs: num("duration", values.duration) * 1000,
    warmupMs: num("warmup", values.warmup) * 1000,
    users: Math.round(num("users", values.users)),
  };
}

/** A distinct address per call, within a /8 of its own per purpose. */
function ipGenerator(firstOctet: number) {
  let n = 0;
  return () => {
    n++;
    return `${firstOctet}.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };
}

async function startServer(dataDir: string) {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT.pathname,
    env: {
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      TRUST_PROXY: "true",
    },
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (true) {
    try {
      const res = await fetch(`${base}/healthz`);
      await res.body?.cancel();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error("the server did not answer /healthz within 30 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, child };
}

async function registerUsers(base: string, count: number, nextIp: () => string) {
  const users: { email: string; accessToken: string }[] = [];
  const runId = crypto.randomUUID().slice(0, 8);
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      const email = `bench-${runId}-${i}@example.com`;
      const res = await fetch(`${base}/api/v1/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": nextIp() },
        body: JSON.stringify({
          email,
          password: PASSWORD,
          displayName: `Bench ${i}`,
          role: "worker",
        }),
      });
      const body = await res.json();
      if (res.status !== 201) {
        throw new Error(`register ${email}: ${res.status} ${JSON.stringify(body)}`);
      }
      users.push({ email, accessToken: body.accessToken });
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  return users;
}

/** Closed loop: `concurrency` workers, each sending its next request when the last answers. */
async function run(
  name: string,
  send: (i: number) => Promise<Response>,
  expected: number,
  durationMs: number,
  concurrency: number,
): Promise<Result> {
  const result: Result = { name, requests: 0, errors: 0, elapsedMs: 0, latencies: [] };
  let i = 0;
  const start = performance.now();
  const stopAt = start + durationMs;
  async function worker() {
    while (performance.now() < stopAt) {
      const t0 = performance.now();
      try {
        const res = await send(i++);
        const text = await res.text();
        if (res.status !== expected) {
          result.errors++;
          result.firstError ??= `${res.status} ${text.slice(0, 200)}`;
        }
      } catch (err) {
        result.errors++;
        result.firstError ??= String(err);
      }
      result.latencies.push(performance.now() - t0);
      result.requests++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.elapsedMs = performance.now() - start;
  return result;
}

function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function table(results: Result[]): string {
  const ms = (n: number) => n.toFixed(1);
  const rows = results.map((r) => {
    const s = [...r.latencies].sort((a, b) => a - b);
    const rps = r.requests / (r.elapsedMs / 1000);
    return `| ${r.name} | ${r.requests} | ${r.errors} | ${rps.toFixed(1)} | ${
      ms(percentile(s, 0.5))
    } | ${ms(percentile(s, 0.95))} | ${ms(percentile(s, 0.99))} | ${ms(s.at(-1) ?? NaN)} |`;
  });
  return [
    "| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
    "|---|--:|--:|--:|--:|--:|--:|--:|",
    ...rows,
  ].join("\n");
}

async function main() {
  const options = readOptions();
  const dataDir = await Deno.makeTempDir({ prefix: "workmate-bench-" });
  const { base, child } = await startServer(dataDir);
  try {
    const users = await registerUsers(base, options.users, ipGenerator(172));
    const loginIp = ipGenerator(10);
    const login = (i: number) =>
      fetch(`${base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": loginIp() },
        body: JSON.stringify({ email: users[i % users.length].email, password: PASSWORD }),
      });
    const me = (i: number) =>
      fetch(`${base}/api/v1/users/me`, {
        headers: { authorization: `Bearer ${users[i % users.length].accessToken}` },
      });
    const scenarios = [
      { name: "POST /api/v1/auth/login", send: login, expected: 200 },
      { name: "GET /api/v1/users/me (bearer)", send: me, expected: 200 },
    ];
    const results: Result[] = [];
    for (const s of scenarios) {
      await run(s.name, s.send, s.expected, options.warmupMs, options.concurrency);
      const result = await run(s.name, s.send, s.expected, options.durationMs, options.concurrency);
      results.push(result);
    }
    print(`WorkMate HTTP bench, ${new Date().toISOString()}`);
    print(
      `Deno ${Deno.version.deno} on ${Deno.build.os}/${Deno.build.arch}, ` +
        `${navigator.hardwareConcurrency} CPUs; concurrency ${options.concurrency}, ` +
        `warm-up ${options.warmupMs / 1000} s, duration ${options.durationMs / 1000} s, ` +
        `${users.length} users`,
    );
    print();
    print(table(results));
    for (const r of results) {
      if (r.firstError) print(`\n${r.name}: first error: ${r.firstError}`);
    }
    if (results.some((r) => r.errors > 0)) Deno.exitCode = 1;
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) await main();
