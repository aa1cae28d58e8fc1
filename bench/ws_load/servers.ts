/**
 * The servers under load, as subprocesses: WorkMate (`deno run -A main.ts`, as bench/http.ts
 * does) or the reference Socket.IO server (bench/socketio/server.js under Node), optionally a
 * private redis-server for 2-instance runs, a libSQL server (sqld) for runs whose instances share
 * the database through a server rather than a file, and what /proc says about a process's memory and
 * CPU time.
 */
import type { Target } from "./shared.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

export interface ServerProc {
  child: Deno.ChildProcess;
  pid: number;
  port: number;
}

export function freePort(): number {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  return port;
}

export async function startTarget(target: Target, options: {
  dataDir: string;
  jwtSecret: string;
  hostname: string;
  redisUrl?: string;
  /** A libSQL server's url; without it WorkMate opens DATA_DIR/workmate.db itself. */
  libsqlUrl?: string;
  /** Lets the bench read WorkMate's /metrics. */
  metricsToken?: string;
  /** Extra runtime flags for Deno (e.g. --cpu-prof). */
  denoFlags?: string[];
}): Promise<ServerProc> {
  const port = freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    HOSTNAME: options.hostname,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
  };
  const child = target === "workmate"
    ? new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--unstable-cron", ...(options.denoFlags ?? []), "main.ts"],
      cwd: ROOT,
      env: {
        ...env,
        DATA_DIR: options.dataDir,
        ...(options.libsqlUrl ? { LIBSQL_URL: options.libsqlUrl } : {}),
        ...(options.metricsToken ? { METRICS_TOKEN: options.metricsToken } : {}),
        JWT_SECRET: options.jwtSecret,
        LOG_LEVEL: "warn",
        INSTANCE_ID: `bench-${port}`,
      },
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn()
    : new Deno.Command("node", {
      args: ["server.js"],
      cwd: `${ROOT}bench/socketio`,
      env,
      stdin: "null",
      stdout: "null",
      stderr: "inherit",
    }).spawn();
  const deadline = Date.now() + 60_000;
  while (true) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.body?.cancel();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`${target} did not answer /healthz within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, pid: child.pid, port };
}

export async function startRedis(): Promise<{ child: Deno.ChildProcess; url: string }> {
  const port = freePort();
  const child = new Deno.Command("redis-server", {
    args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      conn.close();
      return { child, url: `redis://127.0.0.1:${port}` };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill();
  throw new Error("redis-server did not listen within 10 s");
}

/**
 * Starts sqld (libsql-server) on a copy of `dbFile`: its namespace layout keeps the default
 * database at dbs/default/data, and it builds its replication log from that file on first start.
 * The binary comes from SQLD_BIN or bench/sqld/bin/sqld (bench/sqld/install.sh).
 */
export async function startSqld(
  dataDir: string,
  dbFile: string,
): Promise<{ child: Deno.ChildProcess; url: string }> {
  const bin = Deno.env.get("SQLD_BIN") ?? `${ROOT}bench/sqld/bin/sqld`;
  const root = `${dataDir}/sqld`;
  await Deno.mkdir(`${root}/dbs/default`, { recursive: true });
  await Deno.copyFile(dbFile, `${root}/dbs/default/data`);
  const port = freePort();
  const child = new Deno.Command(bin, {
    args: ["--db-path", root, "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome"],
    env: { RUST_LOG: "warn" },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`);
      await res.body?.cancel();
      if (res.ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("sqld did not answer /health within 30 s");
}

export async function stopProcess(child: Deno.ChildProcess, signal: Deno.Signal = "SIGTERM") {
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }, 15_000);
  await child.status;
  clearTimeout(timer);
}

export interface ProcStats {
  rssKb: number;
  /** utime + stime in clock ticks (1/100 s on Linux). */
  cpuTicks: number;
  at: number;
}

export function procStats(pid: number): ProcStats {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const rssKb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN);
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  // Fields after the command name (which may hold spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  return { rssKb, cpuTicks, at: performance.now() };
}

/** CPU used between two samples, in % of one core. */
export function cpuPercent(a: ProcStats, b: ProcStats): number {
  return ((b.cpuTicks - a.cpuTicks) / 100) / ((b.at - a.at) / 1000) * 100;
}
