/**
 * Test doubles for client/ws_client.ts: a WebSocket whose server side the test plays, virtual
 * timers advanced by hand, a scripted fetch and an in-memory storage.
 */
import type { MessageView, ServerFrame } from "@/lib/chat_protocol.ts";
import type { ChatClientOptions, WebSocketLike } from "@/client/ws_client.ts";

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  /** Frames the client sent, parsed. */
  sent: Record<string, unknown>[] = [];
  closedWith: number | null = null;
  constructor(readonly url: string) {}

  send(data: string) {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
  }
  // The server's side:
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  frame(frame: ServerFrame) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(frame) }));
  }
  authenticate(userId = "u1") {
    this.open();
    this.frame({ type: "authenticated", userId, conversations: [], iceServers: [] });
  }
  serverClose(code: number) {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code }));
  }
  sentOfType(type: string) {
    return this.sent.filter((f) => f.type === type);
  }
}

export class FakeTimers {
  now = 0;
  #next = 1;
  #timers = new Map<number, { at: number; fn: () => void }>();

  setTimeout = (fn: () => void, ms: number): number => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.now + ms, fn });
    return id;
  };
  clearTimeout = (id: number) => {
    this.#timers.delete(id);
  };
  /** Delays of the timers now pending, relative to now. */
  pending(): number[] {
    return [...this.#timers.values()].map((t) => t.at - this.now);
  }
  /** Runs every timer due within `ms`, in time order (timers they set run too). */
  advance(ms: number) {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = end;
  }
}

export class MemoryStorage {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

export function message(conversationId: string, seq: number, extra: Partial<MessageView> = {}) {
  return {
    id: `m-${conversationId}-${seq}`,
    conversationId,
    seq,
    senderId: "u2",
    kind: "text",
    content: `message ${seq}`,
    replyTo: null,
    attachments: [],
    reactions: [],
    editedAt: null,
    deletedAt: null,
    createdAt: new Date(0).toISOString(),
    ...extra,
  } satisfies MessageView;
}

/** Everything a ChatClient needs, faked; `sockets` lists each socket it opened, in order. */
export function fakeEnv(
  opts: { random?: () => number; fetch?: typeof fetch; storage?: MemoryStorage } = {},
) {
  const timers = new FakeTimers();
  const sockets: FakeSocket[] = [];
  const requests: string[] = [];
  let ids = 0;
  const options: ChatClientOptions = {
    url: "ws://test.invalid/ws",
    WebSocket: class extends FakeSocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    },
    fetch: opts.fetch ?? ((input: RequestInfo | URL) => {
      requests.push(String(input));
      return Promise.resolve(new Response("{}", { status: 200 }));
    }) as typeof fetch,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    random: opts.random ?? (() => 0.5),
    now: () => timers.now,
    storage: opts.storage ?? new MemoryStorage(),
    makeId: () => `cm-${++ids}`,
  };
  return { timers, sockets, requests, options, last: () => sockets[sockets.length - 1] };
}
