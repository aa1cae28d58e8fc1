/**
 * Prepared statements kept per connection, keyed by their SQL.
 *
 * `@libsql/client` prepares every statement it runs afresh (parse, plan, allocate) and asks for
 * its column list twice, and drizzle produces the same few dozen SQL strings over and over. On
 * the chat send path that was about a fifth of the server's busy CPU in a profile (libsql
 * `prepare` 8 %, `columns` 4 % of all samples). The client calls `prepare` on the `libsql`
 * package's Database, so that is where the cache goes: installed once at startup by
 * db/client.ts, tested against this exact package version in statement_cache_test.ts.
 *
 * Reuse is safe because the client runs a statement to completion synchronously (bind, step to
 * the end, read) before it returns, so a statement is never mid-iteration when it is handed out
 * again, and SQLite re-prepares a statement itself when the schema changes underneath it.
 */
import Database from "libsql";

/** Distinct statements kept per connection; drizzle's IN (…) lists make some SQL one-off. */
const PER_CONNECTION = 256;

const CACHE = Symbol("workmate.statements");
const COLUMNS = Symbol("workmate.columns");

interface Statement {
  columns(): unknown[];
  [COLUMNS]?: unknown[];
}
interface CachingDatabase {
  [CACHE]?: Map<string, Statement>;
}

let installed = false;
const stats = { hits: 0, misses: 0 };

/**
 * Hits and misses so far. A test reads them: if @libsql/client ever resolved a different copy of
 * `libsql` than the one patched here, every statement would miss and nothing else would notice.
 */
export function statementCacheStats(): Readonly<typeof stats> {
  return { ...stats };
}

export function installStatementCache(): void {
  if (installed) return;
  installed = true;
  const proto = Database.prototype as unknown as {
    prepare(this: CachingDatabase, sql: string): Statement;
  };
  const prepare = proto.prepare;
  proto.prepare = function (sql) {
    const cache = this[CACHE] ??= new Map();
    const hit = cache.get(sql);
    if (hit) {
      stats.hits++;
      // Least recently used goes first: re-insert to move it to the end.
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    stats.misses++;
    const statement = prepare.call(this, sql);
    const columns = statement.columns;
    // A statement's columns are fixed by its SQL (explicit lists: drizzle never selects *).
    statement.columns = function () {
      return this[COLUMNS] ??= columns.call(this);
    };
    cache.set(sql, statement);
    if (cache.size > PER_CONNECTION) cache.delete(cache.keys().next().value!);
    return statement;
  };
}
