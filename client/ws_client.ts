/**
 * The browser's chat connection to /ws: one per page, shared by every island on it
 * (`getChatClient()`). It authenticates with the httpOnly access cookie, reconnects with
 * backoff and jitter, tells its state to whoever listens, keeps cursors and syncs them after
 * every (re)connect (paging over REST when the server says the catch-up was truncated), keeps
 * unsent messages until they are acknowledged and resends them with the same clientMsgId, and
 * drops duplicates. Everything it needs from the browser is injected, so tests drive it with a
 * fake WebSocket and fake timers.
 */
import {
  CHAT_LIMITS,
  type ClientFrame,
  CLOSE,
  type MessageView,
  type ServerFrame,
  type ServerFrameType,
  shouldReconnect,
} from "@/lib/chat_protocol.ts";
import { backoffDelay, type BackoffOptions, DEFAULT_BACKOFF } from "./backoff.ts";
import { ChatCursors } from "./chat_cursors.ts";
import { ChatOutbox, type KeyValueStorage, type OutboxEntry } from "./chat_outbox.ts";
import { fetchMessageRange } from "./chat_rest.ts";

export type { OutboxEntry } from "./chat_outbox.ts";

/**
 * connecting: first attempt; open: authenticated; reconnecting: waiting to retry after a drop;
 * offline: the browser says so, or several retries failed; signed_out: the server ended the
 * session (4501/4503, or refreshing the token failed) — no more retries; closed: close() called.
 */
export type ConnectionState =
  | "connecting"
  | "open"
  | "reconnecting"
  | "offline"
  | "signed_out"
  | "closed";

type FrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;

/** What `on()` can listen to: every server frame type, plus the client's own events. */
export type ChatEvents = { [T in ServerFrameType]: FrameOf<T> } & {
  state: ConnectionState;
  outbox: OutboxEntry[];
  /** The server refused a message for good (forbidden, not found, invalid). */
  send_failed: { entry: OutboxEntry; code: string; message: string };
};

export interface WebSocketLike {
  readyState: number;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface ChatClientOptions {
  /** ws(s)://host/ws */
  url: string;
  WebSocket: new (url: string) => WebSocketLike;
  fetch: typeof fetch;
  setTimeout: (fn: () => void, ms: number) => number;
  clearTimeout: (id: number) => void;
  random?: () => number;
  now?: () => number;
  storage?: KeyValueStorage | null;
  backoff?: BackoffOptions;
  /** How often the client pings (default the server's interval). */
  pingIntervalMs?: number;
  /** Silence after which the connection is presumed dead and reopened. */
  idleTimeoutMs?: number;
  /** Fires "online"/"offline" and says whether the browser thinks it is online. */
  network?: NetworkLike;
  /** REST page size when fetching what a sync did not replay. */
  pageSize?: number;
  makeId?: () => string;
}

/** Retries that fail in a row before the state says "offline" rather than "reconnecting". */
const OFFLINE_AFTER_ATTEMPTS = 3;
const OPEN = 1;

export interface NetworkLike {
  addEventListener(type: "online" | "offline", fn: () => void): void;
  readonly onLine: boolean;
}

export class ChatClient {
  state: ConnectionState = "connecting";
  userId: string | null = null;
  readonly cursors = new ChatCursors();
  #outbox: ChatOutbox;
  #opts: Required<Omit<ChatClientOptions, "network" | "storage">> & ChatClientOptions;
  #ws: WebSocketLike | null = null;
  #listeners = new Map<string, Set<(v: unknown) => void>>();
  #attempt = 0;
  #retryTimer: number | null = null;
  #pingTimer: number | null = null;
  #idleTimer: number | null = null;
  #unauthorizedInARow = 0;
  #syncing = false;
  #filling = new Set<string>();
  #stopped = false;

  constructor(opts: ChatClientOptions) {
    this.#opts = {
      random: Math.random,
      now: Date.now,
      backoff: DEFAULT_BACKOFF,
      pingIntervalMs: CHAT_LIMITS.pingIntervalSeconds * 1000,
      idleTimeoutMs: CHAT_LIMITS.idleTimeoutSeconds * 1000,
      pageSize: 100,
      makeId: () => crypto.randomUUID(),
      ...opts,
    };
    this.#outbox = new ChatOutbox(opts.storage ?? null);
    opts.network?.addEventListener("online", () => this.#onOnline());
    opts.network?.addEventListener("offline", () => {
      if (this.state !== "open") this.#setState("offline");
    });
  }

  /** Opens the connection (idempotent). */
  start(): this {
    if (!this.#ws && this.#retryTimer === null && !this.#stopped) this.#connect();
    return this;
  }

  /** Closes for good (page teardown). */
  close(): void {
    this.#stopped = true;
    this.#clearTimers();
    this.#ws?.close(1000, "bye");
    this.#ws = null;
    this.#setState("closed");
  }

  /** Listens to a server frame type or a client event; returns the unsubscribe function. */
  on<K extends keyof ChatEvents>(type: K, handler: (value: ChatEvents[K]) => void): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, set = new Set());
    set.add(handler as (v: unknown) => void);
    return () => set.delete(handler as (v: unknown) => void);
  }

  /** Sends a frame now if the connection is open; false when it is not (nothing is queued). */
  send(frame: ClientFrame): boolean {
    if (this.state !== "open" || !this.#ws || this.#ws.readyState !== OPEN) return false;
    this.#ws.send(JSON.stringify(frame));
    return true;
  }

  /**
   * Sends a message through the outbox: it is kept (and shown as pending) until the server
   * acknowledges it, and resent with the same clientMsgId after every reconnect.
   */
  sendMessage(
    input: { conversationId: string; content: string; attachments?: string[]; replyTo?: string },
  ): OutboxEntry {
    const entry: OutboxEntry = {
      clientMsgId: this.#opts.makeId(),
      conversationId: input.conversationId,
      content: input.content,
      createdAt: this.#opts.now(),
      ...(input.attachments?.length ? { attachments: input.attachments } : {}),
      ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    };
    this.#outbox.add(entry);
    this.#emit("outbox", this.#outbox.list());
    this.#sendEntry(entry);
    return entry;
  }

  /** Unacknowledged messages, oldest first. */
  pending(conversationId?: string): OutboxEntry[] {
    const all = this.#outbox.list();
    return conversationId ? all.filter((e) => e.conversationId === conversationId) : all;
  }

  /**
   * Follows a conversation the page shows, whose messages up to `seq` it already has: new ones
   * are de-duplicated against `ids`, and every (re)connect syncs from the cursor.
   */
  watch(conversationId: string, seq: number, ids: Iterable<string> = []): void {
    const wasTracked = this.cursors.isTracked(conversationId);
    this.cursors.track(conversationId, seq, ids);
    if (!wasTracked && this.state === "open") {
      this.#syncing = true;
      this.send({
        type: "sync",
        cursors: { [conversationId]: this.cursors.cursor(conversationId)! },
      });
    }
  }

  // ------------------------------------------------------------------------------------------

  #connect(): void {
    this.#retryTimer = null;
    let ws: WebSocketLike;
    try {
      ws = new this.#opts.WebSocket(this.#opts.url);
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#ws = ws;
    ws.onopen = () => this.#resetIdle();
    ws.onmessage = (ev) => this.#onFrame(ev.data);
    ws.onerror = () => {};
    ws.onclose = (ev) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#onClose(ev.code);
    };
  }

  #onClose(code: number): void {
    this.#clearTimers();
    this.#syncing = false;
    if (this.#stopped) return;
    if (!shouldReconnect(code)) {
      this.#setState("signed_out");
      return;
    }
    if (code === CLOSE.unauthenticated) {
      // The access cookie expired: renew it once, then reconnect; twice in a row means the
      // session is gone.
      if (++this.#unauthorizedInARow > 2) return this.#setState("signed_out");
      this.#refreshThenReconnect();
      return;
    }
    this.#scheduleReconnect();
  }

  async #refreshThenReconnect(): Promise<void> {
    try {
      const res = await this.#opts.fetch("/api/v1/auth/refresh", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: "{}",
      });
      if (res.status === 401 || res.status === 403) return this.#setState("signed_out");
    } catch {
      // Network trouble: the reconnect below will find out again.
    }
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#retryTimer !== null) return;
    const delay = backoffDelay(this.#attempt, this.#opts.random, this.#opts.backoff);
    this.#attempt++;
    const offline = this.#opts.network?.onLine === false || this.#attempt > OFFLINE_AFTER_ATTEMPTS;
    this.#setState(offline ? "offline" : "reconnecting");
    this.#retryTimer = this.#opts.setTimeout(() => this.#connect(), delay);
  }

  #onOnline(): void {
    // The network is back: retry now instead of waiting out the backoff.
    if (this.#retryTimer === null || this.#stopped) return;
    this.#opts.clearTimeout(this.#retryTimer);
    this.#connect();
  }

  #onFrame(data: unknown): void {
    this.#resetIdle();
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(data));
    } catch {
      return;
    }
    if (!frame || typeof frame.type !== "string") return;
    switch (frame.type) {
      case "authenticated":
        return this.#onAuthenticated(frame);
      case "ping":
        this.send({ type: "pong", t: frame.t });
        break;
      case "ack":
        return this.#onAck(frame);
      case "new_message":
        return this.#deliver(frame.message);
      case "sync_truncated":
        this.#fillRange(frame.conversationId, frame.deliveredThroughSeq, frame.lastSeq);
        break;
      case "sync_done":
        this.#syncing = false;
        this.#fillGaps();
        break;
      case "resync":
        // Another instance's events may have been lost on the way: fetch them by cursor.
        this.#sync();
        break;
      case "error":
        this.#onError(frame);
        break;
    }
    this.#emit(frame.type, frame);
  }

  #onAuthenticated(frame: FrameOf<"authenticated">): void {
    this.userId = frame.userId;
    this.#attempt = 0;
    this.#unauthorizedInARow = 0;
    this.#setState("open");
    this.#startPing();
    this.#sync();
    // After the sync request, so the server replays history before handling the resends.
    for (const entry of this.#outbox.list()) this.#sendEntry(entry);
    this.#emit("authenticated", frame);
  }

  #sync(): void {
    const cursors = this.cursors.all();
    if (!Object.keys(cursors).length) return;
    this.#syncing = true;
    this.send({ type: "sync", cursors });
  }

  #onAck(frame: FrameOf<"ack">): void {
    const removed = this.#outbox.remove(frame.clientMsgId);
    this.#emit("ack", frame);
    if (removed) this.#emit("outbox", this.#outbox.list());
  }

  #onError(frame: FrameOf<"error">): void {
    const entry = frame.ref ? this.#outbox.get(frame.ref) : undefined;
    if (!entry) return;
    if (frame.code === "rate_limited") {
      const wait = Math.max(1, frame.retryAfter ?? 1) * 1000;
      this.#opts.setTimeout(() => this.#sendEntry(entry), wait);
    } else if (["forbidden", "not_found", "bad_frame"].includes(frame.code)) {
      this.#outbox.remove(entry.clientMsgId);
      this.#emit("send_failed", { entry, code: frame.code, message: frame.message });
      this.#emit("outbox", this.#outbox.list());
    }
    // Anything else (internal): the entry stays and is resent after the next reconnect.
  }

  /** Emits a message once, whatever path it came by (live, sync replay, REST fill). */
  #deliver(message: MessageView): void {
    if (!this.cursors.see(message.conversationId, message.seq, message.id)) return;
    this.#emit("new_message", { type: "new_message", message });
    if (!this.#syncing && this.cursors.gaps().length) this.#fillGaps();
  }

  #fillGaps(): void {
    for (const g of this.cursors.gaps()) {
      this.#fillRange(g.conversationId, g.afterSeq, g.throughSeq);
    }
  }

  /** Fetches seqs (afterSeq, throughSeq] over REST and delivers them in order. */
  async #fillRange(conversationId: string, afterSeq: number, throughSeq: number): Promise<void> {
    if (this.#filling.has(conversationId) || throughSeq <= afterSeq) return;
    this.#filling.add(conversationId);
    try {
      const messages = await fetchMessageRange(
        this.#opts.fetch,
        conversationId,
        afterSeq,
        throughSeq,
        this.#opts.pageSize,
      );
      for (const m of messages) this.#deliver(m);
    } catch {
      // The gap stays below the cursor, so the next sync or fill asks for it again.
    } finally {
      this.#filling.delete(conversationId);
    }
  }

  #sendEntry(entry: OutboxEntry): void {
    if (!this.#outbox.get(entry.clientMsgId)) return;
    this.send({
      type: "send_message",
      conversationId: entry.conversationId,
      clientMsgId: entry.clientMsgId,
      content: entry.content,
      ...(entry.attachments ? { attachments: entry.attachments } : {}),
      ...(entry.replyTo ? { replyTo: entry.replyTo } : {}),
    });
  }

  #startPing(): void {
    const tick = () => {
      this.send({ type: "ping", t: this.#opts.now() });
      this.#pingTimer = this.#opts.setTimeout(tick, this.#opts.pingIntervalMs);
    };
    this.#pingTimer = this.#opts.setTimeout(tick, this.#opts.pingIntervalMs);
  }

  /** Any frame proves the connection alive; silence past the idle timeout reopens it. */
  #resetIdle(): void {
    if (this.#idleTimer !== null) this.#opts.clearTimeout(this.#idleTimer);
    const ws = this.#ws;
    this.#idleTimer = this.#opts.setTimeout(() => {
      if (this.#ws !== ws || !ws) return;
      this.#ws = null;
      ws.close(4408, "idle");
      this.#onClose(CLOSE.idle);
    }, this.#opts.idleTimeoutMs);
  }

  #clearTimers(): void {
    for (const t of [this.#retryTimer, this.#pingTimer, this.#idleTimer]) {
      if (t !== null) this.#opts.clearTimeout(t);
    }
    this.#retryTimer = this.#pingTimer = this.#idleTimer = null;
  }

  #setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.#emit("state", state);
  }

  #emit(type: string, value: unknown): void {
    for (const handler of this.#listeners.get(type) ?? []) {
      try {
        handler(value);
      } catch (err) {
        // One broken listener must not stop delivery to the others.
        setTimeout(() => {
          throw err;
        });
      }
    }
  }
}

const SHARED = Symbol.for("workmate.chatClient");

/**
 * The page's one chat client, created and started on first use. Islands are separate bundles,
 * so it lives on globalThis rather than in a module variable they might each get a copy of.
 */
export function getChatClient(): ChatClient {
  const g = globalThis as unknown as { [SHARED]?: ChatClient };
  if (!g[SHARED]) {
    const url = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`;
    let storage: KeyValueStorage | null = null;
    try {
      storage = sessionStorage;
    } catch {
      storage = null;
    }
    g[SHARED] = new ChatClient({
      url,
      WebSocket: WebSocket as unknown as ChatClientOptions["WebSocket"],
      fetch: fetch.bind(globalThis),
      setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as number,
      clearTimeout: (id) => clearTimeout(id as unknown as ReturnType<typeof setTimeout>),
      storage,
      network: {
        addEventListener: (type, fn) => addEventListener(type, fn),
        get onLine() {
          return navigator.onLine;
        },
      },
    }).start();
  }
  return g[SHARED];
}
