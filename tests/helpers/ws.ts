/**
 * WebSocket test clients for /ws: connect with the access cookie, a bearer header or a first
 * `authenticate` frame; every frame received is kept, and `next(type, predicate?)` waits for
 * the first one not yet taken (with a timeout — tests never sleep). `rawUpgrade` performs the
 * handshake by hand over TCP, for what a WebSocket object cannot show: the HTTP status of a
 * refused upgrade, and a client that never reads.
 */
import type { ClientFrame, ServerFrame } from "@/lib/chat_protocol.ts";
import { ACCESS_COOKIE } from "@/server/web/session_cookies.ts";
import type { TestClient, TestServer } from "./server.ts";

export const WS_TIMEOUT = 5_000;

export type FrameOf<T extends ServerFrame["type"]> = Extract<ServerFrame, { type: T }>;

export interface ConnectOptions {
  /** Sent as the access cookie at the handshake. */
  cookie?: string;
  /** Sent as `Authorization: Bearer` at the handshake. */
  bearer?: string;
  /** Sent in a first `authenticate` frame once open. */
  token?: string;
  /** The Origin header: the server's own by default; null sends none. */
  origin?: string | null;
  /** Wait for `authenticated` before returning (default true). */
  waitAuthenticated?: boolean;
}

export class WsClient {
  readonly frames: ServerFrame[] = [];
  readonly #taken = new Set<number>();
  readonly #waiters = new Set<() => void>();
  readonly closed: Promise<{ code: number; reason: string }>;
  authenticated?: FrameOf<"authenticated">;

  constructor(readonly socket: WebSocket) {
    const closed = Promise.withResolvers<{ code: number; reason: string }>();
    this.closed = closed.promise;
    socket.onmessage = (e) => {
      this.frames.push(JSON.parse(e.data));
      for (const wake of this.#waiters) wake();
    };
    socket.onclose = (e) => {
      closed.resolve({ code: e.code, reason: e.reason });
      for (const wake of this.#waiters) wake();
    };
    socket.onerror = () => {};
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: ClientFrame | Record<string, unknown> | string): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The first frame of `type` (matching `predicate`) not taken before; waits for it. */
  next<T extends ServerFrame["type"]>(
    type: T,
    predicate: (frame: FrameOf<T>) => boolean = () => true,
    timeoutMs = WS_TIMEOUT,
  ): Promise<FrameOf<T>> {
    return this.#waitFor(
      () => {
        for (let i = 0; i < this.frames.length; i++) {
          const f = this.frames[i];
          if (!this.#taken.has(i) && f.type === type && predicate(f as FrameOf<T>)) {
            this.#taken.add(i);
            return f as FrameOf<T>;
          }
        }
        return undefined;
      },
      `a ${type} frame`,
      timeoutMs,
    );
  }

  /** Every frame of `type` received so far (taken or not). */
  all<T extends ServerFrame["type"]>(type: T): FrameOf<T>[] {
    return this.frames.filter((f) => f.type === type) as FrameOf<T>[];
  }

  /** Resolves with the close event; fails if the socket stays open past the timeout. */
  async closeCode(timeoutMs = WS_TIMEOUT): Promise<number> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the socket stayed open")), timeoutMs);
    });
    try {
      return (await Promise.race([this.closed, timeout])).code;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.socket.readyState < WebSocket.CLOSING) this.socket.close(1000);
    await this.closed;
  }

  #waitFor<R>(check: () => R | undefined, what: string, timeoutMs: number): Promise<R> {
    const found = check();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const wake = () => {
        const result = check();
        if (result !== undefined) {
          done();
          resolve(result);
        } else if (this.socket.readyState === WebSocket.CLOSED) {
          done();
          reject(new Error(`socket closed while waiting for ${what}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        const seen = this.frames.map((f) => f.type).join(", ");
        reject(new Error(`timed out waiting for ${what}; received: ${seen}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      this.#waiters.add(wake);
    });
  }
}

/** Any running server: a TestServer, or a subprocess known by its URL. */
export type ServerAddress = Pick<TestServer, "url">;

export function wsUrl(server: ServerAddress): string {
  return server.url.replace(/^http/, "ws") + "/ws";
}

export async function connectWs(
  server: ServerAddress,
  opts: ConnectOptions = {},
): Promise<WsClient> {
  const headers: Record<string, string> = {};
  const origin = opts.origin === undefined ? server.url : opts.origin;
  if (origin) headers.origin = origin;
  if (opts.cookie) headers.cookie = `${ACCESS_COOKIE}=${opts.cookie}`;
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  // Deno's WebSocket takes handshake headers (not in the DOM typings it shares).
  const socket = new WebSocket(wsUrl(server), { headers } as unknown as string[]);
  const client = new WsClient(socket);
  const opened = Promise.withResolvers<void>();
  socket.onopen = () => opened.resolve();
  await Promise.race([
    opened.promise,
    client.closed.then(({ code }) => {
      throw new Error(`the socket closed before opening (${code})`);
    }),
  ]);
  if (opts.token) client.send({ type: "authenticate", token: opts.token });
  if (opts.waitAuthenticated ?? true) client.authenticated = await client.next("authenticated");
  return client;
}

/** The access token in a signed-in test client's cookie jar. */
export function accessTokenOf(client: TestClient): string {
  const token = client.cookies.get(ACCESS_COOKIE);
  if (!token) throw new Error("this client is not signed in");
  return token;
}

/** Connects as the signed-in user of `client`, from the cookie (like a browser). */
export function connectAs(server: ServerAddress, client: TestClient, opts: ConnectOptions = {}) {
  return connectWs(server, { cookie: accessTokenOf(client), ...opts });
}

/**
 * A WebSocket handshake written by hand over TCP. Returns the HTTP status and the connection,
 * which the caller may then leave unread (a slow consumer) or read frames from.
 */
export async function rawUpgrade(
  server: Pick<TestServer, "url" | "port">,
  headers: Record<string, string>,
): Promise<{ status: number; conn: Deno.TcpConn; rest: Uint8Array }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  const lines = [
    "GET /ws HTTP/1.1",
    `Host: 127.0.0.1:${server.port}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version: 13",
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    "",
    "",
  ];
  await writeAll(conn, new TextEncoder().encode(lines.join("\r\n")));
  // Read up to the end of the response head.
  let buf: Uint8Array = new Uint8Array(0);
  while (true) {
    const chunk = new Uint8Array(4096);
    const n = await conn.read(chunk);
    if (n === null) break;
    buf = concat(buf, chunk.subarray(0, n));
    const end = indexOfHeadEnd(buf);
    if (end >= 0) {
      const head = new TextDecoder().decode(buf.subarray(0, end));
      const status = Number(head.split(" ")[1]);
      return { status, conn, rest: buf.subarray(end + 4) };
    }
  }
  throw new Error("the server closed the connection during the handshake");
}

/** Writes one masked client text frame (clients must mask). */
export async function writeTextFrame(conn: Deno.TcpConn, text: string): Promise<void> {
  const payload = new TextEncoder().encode(text);
  const mask = crypto.getRandomValues(new Uint8Array(4));
  const head: number[] = [0x81];
  if (payload.length < 126) head.push(0x80 | payload.length);
  else if (payload.length < 65536) head.push(0x80 | 126, payload.length >> 8, payload.length & 255);
  else {
    head.push(0x80 | 127, 0, 0, 0, 0);
    const n = payload.length;
    head.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  }
  const masked = payload.map((b, i) => b ^ mask[i % 4]);
  await writeAll(conn, concat(concat(new Uint8Array(head), mask), masked));
}

export interface RawFrame {
  opcode: number;
  payload: Uint8Array;
}

/** Reads server frames from the connection until `stop` says so or the connection ends. */
export async function readRawFrames(
  conn: Deno.TcpConn,
  initial: Uint8Array,
  stop: (frame: RawFrame) => boolean,
): Promise<RawFrame[]> {
  const frames: RawFrame[] = [];
  let buf: Uint8Array = initial;
  while (true) {
    // Parse what we have.
    while (true) {
      const parsed = parseServerFrame(buf);
      if (!parsed) break;
      frames.push(parsed.frame);
      buf = buf.subarray(parsed.length);
      if (stop(parsed.frame)) return frames;
    }
    const chunk = new Uint8Array(256 * 1024);
    const n = await conn.read(chunk);
    if (n === null) return frames;
    buf = concat(buf, chunk.subarray(0, n));
  }
}

function parseServerFrame(buf: Uint8Array): { frame: RawFrame; length: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0] & 0x0f;
  let len = buf[1] & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = (buf[2] << 8) | buf[3];
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = 0;
    for (let i = 2; i < 10; i++) len = len * 256 + buf[i];
    offset = 10;
  }
  if (buf.length < offset + len) return null;
  return { frame: { opcode, payload: buf.slice(offset, offset + len) }, length: offset + len };
}

/** The close code of a close frame's payload. */
export function closeCodeOf(frame: RawFrame): number {
  return frame.payload.length >= 2 ? (frame.payload[0] << 8) | frame.payload[1] : 1005;
}

async function writeAll(conn: Deno.TcpConn, data: Uint8Array) {
  let written = 0;
  while (written < data.length) written += await conn.write(data.subarray(written));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function indexOfHeadEnd(buf: Uint8Array): number {
  for (let i = 0; i + 3 < buf.length; i++) {
    if (buf[i] === 13 && buf[i + 1] === 10 && buf[i + 2] === 13 && buf[i + 3] === 10) return i;
  }
  return -1;
}
