/**
 * One writer at a time across every process that shares a database file, waited for without
 * blocking the event loop.
 *
 * SQLite admits one writer per file. When two processes share it (several instances on one
 * host), the loser of `BEGIN IMMEDIATE` waits inside the native driver: synchronously, with the
 * busy handler's growing sleeps, so its event loop stops — no reads, no fan-out, no heartbeats —
 * for as long as the other process writes. An advisory `flock` on a file beside the database,
 * taken before `BEGIN`, moves that wait to Deno's blocking thread pool: the process keeps serving
 * while it queues, and the kernel wakes it the moment the holder lets go. The SQLite busy timeout
 * stays as a backstop for writers that do not take this lock (the sqlite3 shell, say).
 */
export interface WriteLock {
  acquire(): Promise<void>;
  release(): void;
  close(): void;
}

/** The lock for the database file at `path` (a file beside it, created if missing). */
export async function openWriteLock(path: string): Promise<WriteLock> {
  const file = await Deno.open(`${path}.write-lock`, { create: true, write: true });
  return {
    acquire: () => file.lock(true),
    // Letting go never waits, so it is done synchronously: the next writer here or in another
    // process can start at once.
    release: () => file.unlockSync(),
    close: () => file.close(),
  };
}
