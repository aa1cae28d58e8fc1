/**
 * Graceful shutdown of the real process (main.ts): on SIGTERM the WebSocket client is closed
 * with 1012, new connections are refused while a request already in flight still gets its
 * answer, the job being processed finishes (and is not lost), and the process exits 0 within
 * 10 s. If something hangs, the hard timer exits non-zero with a log line instead.
 */
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createDb } from "@/db/client.ts";
import { backgroundJobs } from "@/db/schema.ts";
import { CLOSE } from "@/lib/chat_protocol.ts";
import { randomIp, TestClient } from "../helpers/server.ts";
import { connectAs } from "../helpers/ws.ts";
import { startGatedSmtp } from "./gated_smtp.ts";
import { type MainProcess, startMain } from "./main_process.ts";

const PASSWORD = "a long enough password";

async function register(proc: MainProcess, email: string) {
  const client = new TestClient(proc.url, randomIp(), proc.url);
  const res = await client.json("POST", "/api/v1/auth/register", {
    email,
    password: PASSWORD,
    displayName: "Sig Term",
    role: "worker",
  });
  assert.equal(res.status, 201);
  return { client, userId: res.body.user.id as string };
}

/** A login whose body is sent in two halves: the request is in flight until `finish()`. */
async function startSlowLogin(port: number, email: string) {
  const body = new TextEncoder().encode(JSON.stringify({ email, password: PASSWORD }));
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const head = [
    "POST /api/v1/auth/login HTTP/1.1",
    `Host: 127.0.0.1:${port}`,
    "Content-Type: application/json",
    `Content-Length: ${body.length}`,
    `X-Forwarded-For: ${randomIp()}`,
    "Connection: close",
    "",
    "",
  ].join("\r\n");
  await conn.write(new TextEncoder().encode(head));
  await conn.write(body.subarray(0, 10));
  return {
    async finish(): Promise<number> {
      await conn.write(body.subarray(10));
      const chunks: Uint8Array[] = [];
      const buf = new Uint8Array(16 * 1024);
      let n;
      while ((n = await conn.read(buf)) !== null) chunks.push(buf.slice(0, n));
      conn.close();
      const text = new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
      return Number(text.split(" ")[1]);
    },
  };
}

async function metricValue(proc: MainProcess, name: string): Promise<number> {
  const text = await (await fetch(`${proc.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(name + " "));
  return Number(line?.split(" ")[1] ?? NaN);
}

/** Polls (never sleeps blindly) until `check` holds or the timeout passes. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5_000) {
  const until = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function answersStatus(proc: MainProcess, path: string, status: number) {
  try {
    const res = await fetch(proc.url + path);
    await res.body?.cancel();
    return res.status === status;
  } catch {
    return false;
  }
}

async function refusesConnections(port: number): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: "127.0.0.1", port })).close();
    return false;
  } catch {
    return true;
  }
}

async function jobsOf(dataDir: string) {
  const db = await createDb({ url: `file:${dataDir}/workmate.db` });
  try {
    return await db.orm.select().from(backgroundJobs).where(eq(backgroundJobs.kind, "mail.send"));
  } finally {
    db.close();
  }
}

Deno.test({
  name: "shutdown - SIGTERM closes sockets with 1012, finishes the request and job, exits 0",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "workmate-shutdown-" });
    const smtp = startGatedSmtp();
    const proc = await startMain({ dataDir, env: { SMTP_URL: smtp.url, JOB_POLL_MS: "50" } });
    try {
      const email = `sig-${crypto.randomUUID().slice(0, 8)}@example.com`;
      const { client, userId } = await register(proc, email);
      // The confirmation mail's job is now mid-send: the SMTP server holds its reply.
      await smtp.dataReceived;
      const ws = await connectAs(proc, client);
      // An authenticated request's log line names the user and the instance.
      assert.equal((await client.request("GET", "/api/v1/conversations")).status, 200);
      const line = await proc.waitForLog((l) =>
        l.msg === "request" && l.path === "/api/v1/conversations"
      );
      assert.equal(line.userId, userId);
      assert.ok(line.instance && line.requestId);

      const login = await startSlowLogin(proc.port, email);
      // The metrics request itself is one; the half-sent login is the other.
      await eventually(
        async () => await metricValue(proc, "http_requests_in_flight") >= 2,
        "the slow login to be in flight",
      );

      const signalled = performance.now();
      proc.kill("SIGTERM");
      assert.equal(await ws.closeCode(), CLOSE.restart, "the socket is closed with 1012");
      // New requests are refused (503, before any handler runs) while the login is in flight.
      await eventually(() => answersStatus(proc, "/healthz", 503), "new requests to get 503");
      assert.equal(await login.finish(), 200, "the request in flight still gets its answer");
      await eventually(() => refusesConnections(proc.port), "the listener to close");
      // The process waits for the job it is running.
      const exitedEarly = await Promise.race([
        proc.exited.then(() => true),
        Promise.resolve(false),
      ]);
      assert.equal(exitedEarly, false);
      smtp.open();
      const status = await proc.exited;
      const ms = performance.now() - signalled;
      assert.equal(status.code, 0);
      assert.ok(ms < 10_000, `exited after ${Math.round(ms)} ms`);
      assert.ok(proc.logs.some((l) => l.msg === "stopped"));

      assert.equal(smtp.delivered, 1, "the mail went out");
      const jobs = await jobsOf(dataDir);
      assert.deepEqual(jobs.map((j) => j.status), ["done"], "the job finished, not lost");
    } finally {
      proc.kill("SIGKILL");
      await proc.exited;
      smtp.close();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "shutdown - a job that hangs past the deadline: exit 1 with a log line, job kept",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "workmate-shutdown-" });
    const smtp = startGatedSmtp();
    const proc = await startMain({ dataDir, env: { SMTP_URL: smtp.url, JOB_POLL_MS: "50" } });
    try {
      await register(proc, `hang-${crypto.randomUUID().slice(0, 8)}@example.com`);
      await smtp.dataReceived; // and the gate never opens
      const signalled = performance.now();
      proc.kill("SIGTERM");
      const status = await proc.exited;
      const ms = performance.now() - signalled;
      assert.equal(status.code, 1);
      assert.ok(ms < 10_000, `exited after ${Math.round(ms)} ms`);
      assert.ok(proc.logs.some((l) => l.level === "error" && /timed out/.test(l.msg)));
      // Not lost: still leased, so it runs again once the lease expires (the crash path).
      const jobs = await jobsOf(dataDir);
      assert.deepEqual(jobs.map((j) => j.status), ["running"]);
    } finally {
      proc.kill("SIGKILL");
      await proc.exited;
      smtp.open();
      smtp.close();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});
