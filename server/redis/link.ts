/**
 * This instance's link to Redis (only when REDIS_URL is set): one connection for commands and
 * publishing, one in subscriber mode, and a health watch that both /readyz and the bus read.
 *
 * Redis may vanish (restart) or hang (paused, overloaded). Neither may stall local work, so:
 * commands fail after COMMAND_TIMEOUT_MS and are never queued while disconnected (callers fall
 * back to local state); a PING on both connections every HEALTH_INTERVAL_MS decides up or down;
 * and when it comes back, `onRecovered` listeners learn that events were lost in between.
 */
import { Redis } from "ioredis";
import type { Logger } from "@/server/observability/log.ts";

/** Every key and channel WorkMate uses starts with this, so one Redis can host other things. */
export const REDIS_PREFIX = "wm:";
const COMMAND_TIMEOUT_MS = 1_000;
const HEALTH_INTERVAL_MS = 1_000;
const CONNECT_WAIT_MS = 5_000;

export interface RedisLink {
  /** Commands and PUBLISH. Fails fast while Redis is away. */
  readonly commands: Redis;
  /** SUBSCRIBE / UNSUBSCRIBE and incoming messages only. */
  readonly subscriber: Redis;
  /** As of the last health check (or a connection event since). */
  isUp(): boolean;
  /** Runs after every down → up transition: whatever was published meanwhile is gone. */
  onRecovered(listener: () => void): () => void;
  close(): Promise<void>;
}

export async function createRedisLink(url: string, log: Logger): Promise<RedisLink> {
  const base = {
    // Reconnect forever, quickly at first: an instance without Redis is only half a member.
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 1_000),
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  };
  const commands = new Redis(url, {
    ...base,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // A command issued while disconnected fails now instead of running late: a publish that
    // would arrive seconds after its moment is worth less than the sync that replaces it.
    enableOfflineQueue: false,
    // Commands issued in the same tick (a batch's rate limits, its publishes) go out in one
    // write: fewer syscalls on both sides under load, no change in what each command does.
    enableAutoPipelining: true,
  });
  // The offline queue stays on here so a SUBSCRIBE issued during an outage still happens, and
  // autoResubscribe re-issues every channel after a reconnect (both are ioredis defaults; named
  // because the bus depends on them).
  const subscriber = new Redis(url, { ...base, autoResubscribe: true, enableOfflineQueue: true });
  for (const [name, conn] of [["commands", commands], ["subscriber", subscriber]] as const) {
    // ioredis emits "error" on every failed reconnect; without a listener it would throw.
    conn.on("error", (err) => log.debug("redis connection error", { conn: name, error: err }));
    conn.on("close", () => setUp(false));
  }

  let up = false;
  let closed = false;
  const listeners = new Set<() => void>();
  function setUp(next: boolean) {
    if (up === next) return;
    up = next;
    if (next) {
      log.warn("redis is reachable again");
      for (const listener of listeners) listener();
    } else if (!closed) log.warn("redis is unreachable; serving local connections only");
  }

  async function check() {
    const ok = await Promise.all([pingWithin(commands), pingWithin(subscriber)]);
    if (!closed) setUp(ok.every(Boolean));
  }

  try {
    await withTimeout(Promise.all([commands.connect(), subscriber.connect()]), CONNECT_WAIT_MS);
    up = true;
  } catch (err) {
    // Start anyway: local users are served, and the health watch notices when Redis arrives.
    log.error("redis is unreachable at start-up; starting degraded", { error: err });
  }
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    running ??= check().finally(() => running = null);
  }, HEALTH_INTERVAL_MS);

  return {
    commands,
    subscriber,
    isUp: () => up,
    onRecovered(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}

async function pingWithin(conn: Redis): Promise<boolean> {
  try {
    await withTimeout(conn.ping(), COMMAND_TIMEOUT_MS);
    return true;
  } catch {
    return false;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from redis within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
