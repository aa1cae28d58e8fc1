/**
 * Several real WorkMate processes (main.ts) on one libSQL file and a private redis-server on a
 * free port: what a deployment behind a proxy looks like. Tests put clients on different
 * instances and see the cluster behave as one. Everything started here is killed by `stop`.
 *
 * Without redis-server these tests are skipped, unless REQUIRE_REDIS is set (CI), where a
 * missing Redis is a failure.
 */
import assert from "node:assert/strict";
import { TestClient } from "../helpers/server.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const REDIS_SERVER = "/usr/bin/redis-server";
const START_TIMEOUT_MS = 20_000;

export const hasRedis = (() => {
  try {
    Deno.statSync(REDIS_SERVER);
    return true;
  } catch {
    return false;
  }
})();
/** For Deno.test's `ignore`: skip only when Redis is missing and not required. */
export const skipCluster = !hasRedis && !Deno.env.get("REQUIRE_REDIS");

export interface Instance {
  id: string;
  url: string;
  child: Deno.ChildProcess;
  /** Everything the process wrote (warnings and errors), for a failing test's message. */
  output: string[];
  kill(signal?: Deno.Signal): Promise<void>;
}

export interface RedisProcess {
  port: number;
  url: string;
  /** SIGSTOP: Redis hangs with its connections open — the harder outage for clients. */
  pause(): void;
  resume(): void;
}

export interface Cluster extends AsyncDisposable {
  redis: RedisProcess;
  instances: Instance[];
  dataDir: string;
  /** A fresh IP per client so per-IP limits of one test do not touch another. */
  client(instance: Instance, ip?: string): TestClient;
  stop(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Polls `check` until it holds (a condition, not a fixed sleep). */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startRedis(): Promise<RedisProcess & { child: Deno.ChildProcess }> {
  const port = freePort();
  const child = new Deno.Command(REDIS_SERVER, {
    args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    stdout: "null",
    stderr: "null",
    stdin: "null",
  }).spawn();
  await waitUntil(async () => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.close();
    return true;
  }, "redis-server to listen");
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    child,
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
  };
}

async function startInstance(
  id: string,
  dataDir: string,
  env: Record<string, string>,
): Promise<Instance> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN],
    env: {
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      APP_ENV: "test",
      DATA_DIR: dataDir,
      // Shared, as in a deployment: a token from one instance is valid on every other.
      JWT_SECRET: "cluster-test-secret-cluster-test-secret-0123456789",
      INSTANCE_ID: id,
      LOG_LEVEL: "warn",
      TRUST_PROXY: "true",
      JOB_POLL_MS: "100",
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  const output: string[] = [];
  const drain = async (stream: ReadableStream<Uint8Array<ArrayBuffer>>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) output.push(decoder.decode(chunk, { stream: true }));
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]).catch(() => {});
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.status.then(() => exited = true);
  await waitUntil(
    async () => {
      if (exited) throw new Error(`instance ${id} exited: ${output.join("")}`);
      const res = await fetch(`${url}/readyz`);
      await res.body?.cancel();
      return res.ok;
    },
    `instance ${id} to be ready`,
    START_TIMEOUT_MS,
  ).catch((err) => {
    child.kill("SIGKILL");
    throw new Error(`${err.message}\n${output.join("")}`);
  });
  return {
    id,
    url,
    child,
    output,
    async kill(signal: Deno.Signal = "SIGKILL") {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
      await child.status;
      await drained;
    },
  };
}

export async function startCluster(
  n: number,
  env: Record<string, string> = {},
): Promise<Cluster> {
  assert.ok(hasRedis, `${REDIS_SERVER} is required (REQUIRE_REDIS is set)`);
  const dataDir = await Deno.makeTempDir({ prefix: "workmate-cluster-" });
  const redis = await startRedis();
  const instances: Instance[] = [];
  const stop = async () => {
    await Promise.all(instances.map((i) => i.kill()));
    try {
      redis.child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await redis.child.status;
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  };
  try {
    // The first applies the migrations; the others start together on the migrated file.
    instances.push(await startInstance("i1", dataDir, { REDIS_URL: redis.url, ...env }));
    instances.push(
      ...await Promise.all(
        Array.from(
          { length: n - 1 },
          (_, i) => startInstance(`i${i + 2}`, dataDir, { REDIS_URL: redis.url, ...env }),
        ),
      ),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    redis,
    instances,
    dataDir,
    client: (instance, ip) => new TestClient(instance.url, ip ?? randomIp(), instance.url),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

export function randomIp(): string {
  const b = () => Math.floor(Math.random() * 250) + 1;
  return `10.${b()}.${b()}.${b()}`;
}

/** The same signed-in client (its cookies), talking to another instance. */
export function on(client: TestClient, instance: Instance): TestClient {
  const moved = new TestClient(instance.url, client.ip, instance.url);
  for (const [k, v] of client.cookies) moved.cookies.set(k, v);
  return moved;
}

export async function register(cluster: Cluster, instance: Instance, name: string) {
  const client = cluster.client(instance);
  const email = `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const res = await client.json("POST", "/api/v1/auth/register", {
    email,
    password: "a long enough password",
    displayName: name,
    role: "worker",
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.user.id as string, email, client };
}
