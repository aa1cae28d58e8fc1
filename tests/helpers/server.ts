/**
 * Test harness: the real server (server/start.ts) on a random port with a fresh temporary
 * database, plus a cookie-keeping HTTP client and access to the outbox and job worker.
 */
import { manifest } from "@/routes.gen.ts";
import { type RunningServer, type StartOptions, startServer } from "@/server/start.ts";
import { mailOutbox } from "@/db/schema.ts";
import { desc, eq } from "drizzle-orm";

export interface TestServer extends RunningServer, AsyncDisposable {
  dataDir: string;
  /** A client with its own cookie jar, sending Origin like a browser would. */
  client(options?: { ip?: string; origin?: string | null }): TestClient;
  /** Runs queued jobs (mail) now. */
  drainJobs(): Promise<number>;
  /** Mails sent to `to`, newest first. */
  mails(to: string): Promise<{ subject: string; text: string }[]>;
  /** The first link in the newest mail to `to` whose URL contains `pathPart`. */
  mailLink(to: string, pathPart: string): Promise<string>;
}

export async function startTestServer(
  opts: {
    env?: Record<string, string>;
    clock?: StartOptions["clock"];
    mailer?: StartOptions["mailer"];
    /**
     * Keep the data directory when the server stops, so a second server can start on it
     * (pass it as env DATA_DIR) — a restart. The last server on it removes it.
     */
    keepData?: boolean;
  } = {},
): Promise<TestServer> {
  const dataDir = opts.env?.DATA_DIR ?? await Deno.makeTempDir({ prefix: "workmate-test-" });
  const server = await startServer({
    env: {
      PORT: "0",
      HOSTNAME: "127.0.0.1",
      APP_ENV: "test",
      DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      TRUST_PROXY: "true",
      JOB_POLL_MS: "50",
      ...opts.env,
    },
    manifest,
    clock: opts.clock,
    mailer: opts.mailer,
    startWorker: false,
  });
  const { db } = server.deps;
  const self: TestServer = {
    ...server,
    dataDir,
    client: (o = {}) =>
      new TestClient(
        server.url,
        o.ip ?? randomIp(),
        o.origin === undefined ? server.url : o.origin,
      ),
    drainJobs: () => server.deps.worker.drain(),
    async mails(to) {
      await server.deps.worker.drain();
      const rows = await db.orm.select().from(mailOutbox).where(
        eq(mailOutbox.toAddress, to.toLowerCase()),
      )
        .orderBy(desc(mailOutbox.id));
      return rows.map((r) => ({ subject: r.subject, text: r.textBody }));
    },
    async mailLink(to, pathPart) {
      for (const mail of await self.mails(to)) {
        const link = mail.text.match(/https?:\/\/\S+/g)?.find((u) => u.includes(pathPart));
        if (link) return link;
      }
      throw new Error(`no mail to ${to} with a link containing ${pathPart}`);
    },
    async stop() {
      await server.stop();
      if (!opts.keepData) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
    async [Symbol.asyncDispose]() {
      await self.stop();
    },
  };
  return self;
}

let ipCounter = 0;
/** A distinct client IP per test client, so per-IP rate limits do not leak between tests. */
export function randomIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  bearer?: string;
  constructor(readonly base: string, readonly ip: string, readonly origin: string | null) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const h = new Headers(headers);
    h.set("x-forwarded-for", this.ip);
    if (this.origin && method !== "GET" && !h.has("origin")) h.set("origin", this.origin);
    if (this.cookies.size && !h.has("cookie")) {
      h.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    if (this.bearer && !h.has("authorization")) h.set("authorization", `Bearer ${this.bearer}`);
    let payload: BodyInit | undefined;
    if (typeof body === "string" || body instanceof Uint8Array) payload = body as BodyInit;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      if (!h.has("content-type")) h.set("content-type", "application/json");
    }
    const res = await fetch(this.base + path, {
      method,
      headers: h,
      body: payload,
      redirect: "manual",
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attrs] = cookie.split(";");
      const [name, ...rest] = pair.split("=");
      const value = rest.join("=");
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return res;
  }

  /** Sends JSON and parses the JSON answer (loosely typed: tests assert the shape). */
  // deno-lint-ignore no-explicit-any
  async json<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) {
    const res = await this.request(method, path, body, headers);
    const text = await res.text();
    let data: T;
    try {
      data = text ? JSON.parse(text) : undefined as T;
    } catch {
      throw new Error(`${method} ${path}: not JSON (${res.status}): ${text.slice(0, 200)}`);
    }
    return { status: res.status, headers: res.headers, body: data };
  }

  /** Posts an HTML form (urlencoded), as a browser without JavaScript would. */
  form(path: string, fields: Record<string, string>) {
    return this.request("POST", path, new URLSearchParams(fields).toString(), {
      "content-type": "application/x-www-form-urlencoded",
    });
  }
}

let userCounter = 0;
/** Registers a user through the API and returns their client (signed in) and credentials. */
export async function registerUser(
  server: TestServer,
  overrides: Partial<
    { email: string; password: string; displayName: string; role: "client" | "worker" }
  > = {},
) {
  userCounter++;
  const creds = {
    email: overrides.email ?? `user${userCounter}-${crypto.randomUUID().slice(0, 8)}@example.com`,
    password: overrides.password ?? "a long enough password",
    displayName: overrides.displayName ?? `Test User ${userCounter}`,
    role: overrides.role ?? "worker",
  };
  const client = server.client();
  const res = await client.json("POST", "/api/v1/auth/register", creds);
  if (res.status !== 201) {
    throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { client, creds, user: res.body.user, tokens: res.body };
}
