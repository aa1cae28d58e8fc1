/**
 * Search latency: job searches with text + two filters + a radius against the bench data set
 * (bench/gen_search_data.ts: 100,000 jobs, 20,000 workers by default, generated on first run).
 * Part 1 calls the real search function (searchJobs) in process; part 2 sends the same queries
 * over HTTP to the real server (main.ts, started here as a subprocess on the same data).
 * Also a smaller worker-search run. Each query is validated with the API's own schema first.
 *
 *   deno run -A bench/search.ts [--data-dir /tmp/wm-search-bench] [--runs 400] [--http-runs 400]
 *     [--concurrency 1] [--jobs 100000] [--workers 20000]
 */
import { parseArgs } from "node:util";
import { createDb } from "@/db/client.ts";
import { JobSearchQuery, WorkerSearchQuery } from "@/lib/schemas/search.ts";
import { searchJobs, searchWorkers } from "@/server/marketplace/search.ts";
import {
  BENCH_CATEGORIES,
  BENCH_WORDS,
  CITIES,
  generateSearchData,
  rng,
  skillsFor,
  wordsFor,
} from "./gen_search_data.ts";

const ROOT = new URL("../", import.meta.url);
const print = (line = "") => Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));

const { values } = parseArgs({
  args: Deno.args,
  options: {
    "data-dir": { type: "string", default: "/tmp/wm-search-bench" },
    runs: { type: "string", default: "400" },
    "http-runs": { type: "string", default: "400" },
    concurrency: { type: "string", default: "1" },
    jobs: { type: "string", default: "100000" },
    workers: { type: "string", default: "20000" },
  },
});
const dataDir = values["data-dir"];
const runs = Number(values.runs);
const httpRuns = Number(values["http-runs"]);
const concurrency = Number(values.concurrency);

/** A varied query: 1–2 words, two filters from a pool, and a radius around one of the cities. */
export function makeJobQueries(n: number, seed = 7): Record<string, string>[] {
  const r = rng(seed);
  const currencies: Record<string, string> = Object.fromEntries(
    CITIES.map((c) => [c.name, c.currency]),
  );
  return Array.from({ length: n }, () => {
    const city = r.pick(CITIES);
    const category = r.pick(BENCH_CATEGORIES);
    const q: Record<string, string> = {
      q: r.some(wordsFor(category), 1, 2).join(" "),
      near: `${city.lat.toFixed(4)},${city.lng.toFixed(4)}`,
      radiusKm: String(r.pick([5, 10, 25, 50, 100])),
    };
    const filters = [
      () => (q.category = category),
      () => (q.skills = r.some(skillsFor(category), 1, 3).join(",")),
      () => {
        q.currency = currencies[city.name];
        q.budgetMin = String(r.pick([0, 5000, 20000]));
        q.budgetMax = String(r.pick([50000, 200000, 1000000]));
      },
      () => (q.postedWithin = String(r.pick([3, 7, 30]))),
      () => (q.remote = "false"),
    ];
    const chosen = new Set<number>();
    while (chosen.size < 2) chosen.add(Math.floor(r.next() * filters.length));
    for (const i of chosen) filters[i]();
    if (r.next() < 0.25) q.sort = r.pick(["distance", "recent", "budget"]);
    return q;
  });
}

function makeWorkerQueries(n: number, seed = 11): Record<string, string>[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const city = r.pick(CITIES);
    const q: Record<string, string> = {
      q: r.pick(BENCH_WORDS),
      near: `${city.lat.toFixed(4)},${city.lng.toFixed(4)}`,
      radiusKm: String(r.pick([10, 25, 50])),
    };
    if (r.next() < 0.5) q.skills = r.some(skillsFor(r.pick(BENCH_CATEGORIES)), 1, 2).join(",");
    if (r.next() < 0.5) q.availability = "available";
    return q;
  });
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  return {
    n: s.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: s[s.length - 1],
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

const row = (name: string, s: Stats, extra = "") =>
  `| ${name} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${
    s.max.toFixed(1)
  } | ${s.mean.toFixed(1)} | ${extra} |`;

async function main() {
  await Deno.mkdir(dataDir, { recursive: true });
  const db = await createDb({ url: `file:${dataDir}/workmate.db` });
  const count = Number((await db.client.execute("SELECT count(*) AS n FROM jobs")).rows[0].n);
  if (count < Number(values.jobs)) {
    print(`generating ${values.jobs} jobs and ${values.workers} workers in ${dataDir} …`);
    await generateSearchData(db, {
      jobs: Number(values.jobs) - count,
      workers: Number(values.workers),
      clients: 5000,
    });
  }
  const totals = (await db.client.execute(
    `SELECT (SELECT count(*) FROM jobs) AS jobs, (SELECT count(*) FROM jobs WHERE status = 'open')
      AS open, (SELECT count(*) FROM users WHERE role = 'worker') AS workers`,
  )).rows[0];
  print(`data: ${totals.jobs} jobs (${totals.open} open), ${totals.workers} workers`);

  if (runs > 0) await runInProcess(db);
  db.close();
  print("\n| scenario | runs | p50 ms | p95 ms | p99 ms | max ms | mean ms | notes |");
  print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const line of lines) print(line);
  if (httpRuns > 0) print(await runHttp());
}

const lines: string[] = [];

async function runInProcess(db: Awaited<ReturnType<typeof createDb>>) {
  const parsed = makeJobQueries(runs).map((q) => JobSearchQuery.parse(q));
  const now = Date.now();
  // Warm-up: the first queries page the database in.
  for (const q of parsed.slice(0, 20)) await searchJobs(db.orm, q, { now, viewerId: null });
  const direct: number[] = [];
  let results = 0;
  for (const q of parsed) {
    const t0 = performance.now();
    const page = await searchJobs(db.orm, q, { now, viewerId: null });
    direct.push(performance.now() - t0);
    results += page.items.length;
  }
  const wq = makeWorkerQueries(Math.min(runs, 200)).map((q) => WorkerSearchQuery.parse(q));
  const workerMs: number[] = [];
  for (const q of wq) {
    const t0 = performance.now();
    await searchWorkers(db.orm, q);
    workerMs.push(performance.now() - t0);
  }
  const avg = `${(results / runs).toFixed(1)} results/query`;
  lines.push(row("searchJobs (in process)", stats(direct), avg));
  lines.push(row("searchWorkers (in process)", stats(workerMs), "text + radius (+ filters)"));
}

async function runHttp(): Promise<string> {
  const { base, child } = await startServer();
  try {
    const urls = makeJobQueries(httpRuns, 99).map((q) =>
      `${base}/api/v1/jobs?${new URLSearchParams(q)}`
    );
    for (const u of urls.slice(0, 20)) await (await fetch(u)).body?.cancel();
    const ms: number[] = [];
    let errors = 0;
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const url = urls[next++];
        const s = performance.now();
        const res = await fetch(url);
        await res.arrayBuffer();
        ms.push(performance.now() - s);
        if (res.status !== 200) errors++;
      }
    }));
    const secs = (performance.now() - t0) / 1000;
    return row(
      `GET /api/v1/jobs over HTTP (concurrency ${concurrency})`,
      stats(ms),
      `${errors} errors, ${(urls.length / secs).toFixed(0)} req/s`,
    );
  } finally {
    child.kill();
    await child.status;
  }
}

async function startServer() {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT.pathname,
    env: { PORT: String(port), HOSTNAME: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn" },
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

if (import.meta.main) await main();
