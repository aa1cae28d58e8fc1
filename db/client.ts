/**
 * Opens the database: an embedded libSQL file by default, a libSQL server with LIBSQL_URL,
 * or an embedded replica of one with LIBSQL_SYNC_URL. Only main.ts and tests call this.
 */
import { type Client, createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import * as accounts from "./schema.ts";
import * as marketplace from "./schema_marketplace.ts";
import * as contracts from "./schema_contracts.ts";
import * as social from "./schema_social.ts";
import * as chat from "./schema_chat.ts";
import { applyMigrations } from "./migrate.ts";
import { openWriteLock, type WriteLock } from "./write_lock.ts";
import { installStatementCache } from "./statement_cache.ts";

const schema = { ...accounts, ...marketplace, ...contracts, ...social, ...chat };

export type Orm = ReturnType<typeof drizzle<typeof schema>>;
export type Tx = Parameters<Parameters<Orm["transaction"]>[0]>[0];
/** What reads accept: the database itself or an open transaction. */
export type Reader = Orm | Tx;

export interface DbOptions {
  url: string;
  authToken?: string;
  /** Turns a `file:` url into an embedded replica of this primary. */
  syncUrl?: string;
  syncIntervalSeconds?: number;
  busyTimeoutMs?: number;
  /**
   * Told about every write transaction: how long it queued for the write lock (behind this
   * process's other writes, then other processes') and how long it ran. A callback rather than a
   * metrics import keeps db/ free of server/.
   */
  onWrite?(timing: { waitMs: number; runMs: number; ok: boolean }): void;
}

export interface Database {
  client: Client;
  /** For reads. Writes go through `write` so they are serialised and atomic. */
  orm: Orm;
  /**
   * Runs `fn` in a write transaction (`BEGIN IMMEDIATE`: the write lock is taken up front, so a
   * read-then-write never fails half-way on a lock upgrade). Transactions of this process run
   * one at a time: the native driver waits for a file lock synchronously, so two overlapping
   * transactions in one process would block the event loop that the holder needs to finish.
   * Across processes sharing a file, the wait happens on a `WriteLock` (write_lock.ts) instead.
   */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  isLocalFile: boolean;
  close(): void;
}

export async function createDb(options: DbOptions): Promise<Database> {
  const isLocalFile = options.url.startsWith("file:");
  const path = isLocalFile ? localPath(options.url) : null;
  if (path) await ensureParentDir(path);
  installStatementCache();
  const client = createClient({
    url: options.url,
    authToken: options.authToken,
    syncUrl: options.syncUrl,
    syncInterval: options.syncUrl ? options.syncIntervalSeconds : undefined,
    timeout: options.busyTimeoutMs ?? 5000,
  });
  // An embedded replica writes to its primary over the network: nothing local to set up or share.
  const ownsFile = isLocalFile && !options.syncUrl;
  const lock = ownsFile && path ? await openWriteLock(path) : null;
  if (ownsFile) {
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA synchronous = NORMAL");
  }
  await client.execute("PRAGMA foreign_keys = ON");
  if (options.syncUrl) await client.sync();
  await exclusive(lock, () => applyMigrations(client));

  const orm = drizzle(client, { schema });
  let tail: Promise<unknown> = Promise.resolve();
  const onWrite = options.onWrite;
  function write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const queued = performance.now();
    const run = tail.then(() => exclusive(lock, () => timed(orm, fn, queued, onWrite)));
    tail = run.catch(() => {});
    return run;
  }
  function close() {
    client.close();
    lock?.close();
  }
  return { client, orm, write, isLocalFile, close };
}

async function exclusive<T>(lock: WriteLock | null, fn: () => Promise<T>): Promise<T> {
  await lock?.acquire();
  try {
    return await fn();
  } finally {
    lock?.release();
  }
}

/** Runs the transaction; `waitMs` counts from queueing to having the lock, `runMs` the rest. */
async function timed<T>(
  orm: Orm,
  fn: (tx: Tx) => Promise<T>,
  queued: number,
  onWrite: DbOptions["onWrite"],
): Promise<T> {
  const started = performance.now();
  let ok = false;
  try {
    const result = await orm.transaction(fn);
    ok = true;
    return result;
  } finally {
    onWrite?.({ waitMs: started - queued, runMs: performance.now() - started, ok });
  }
}

/** The file behind a `file:` url, or null for an in-memory database. */
function localPath(url: string): string | null {
  const path = url.slice("file:".length).replace(/\?.*$/, "");
  return path === "" || path === ":memory:" ? null : path;
}

async function ensureParentDir(path: string) {
  const dir = path.replace(/\/[^/]*$/, "");
  if (dir && dir !== path) await Deno.mkdir(dir, { recursive: true });
}
