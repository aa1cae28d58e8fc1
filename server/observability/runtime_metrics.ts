/**
 * Metrics read at scrape time rather than counted as things happen: process memory, the job
 * queue's depth by status, and a database round trip. Collecting them on scrape costs nothing
 * between scrapes and is always current; a failing collector drops its series for that scrape
 * instead of failing the whole /metrics response.
 */
import type { Database } from "@/db/client.ts";
import { countJobsByStatus } from "@/server/jobs/queue.ts";
import type { AppMetrics } from "./metrics.ts";

const JOB_STATUSES = ["pending", "running", "failed"] as const;

export function registerRuntimeMetrics(metrics: AppMetrics, db: Database): void {
  const { registry } = metrics;
  const memory = (key: keyof Deno.MemoryUsage) => () => Deno.memoryUsage()[key];
  registry.gauge("process_resident_memory_bytes", "Resident set size", memory("rss"));
  registry.gauge("process_heap_used_bytes", "V8 heap in use", memory("heapUsed"));
  registry.gauge("process_heap_total_bytes", "V8 heap reserved", memory("heapTotal"));
  registry.gauge("process_external_memory_bytes", "Memory outside the V8 heap", memory("external"));
  registry.gauge(
    "jobs_queue_depth",
    "Background jobs by status: pending (due or scheduled), running (leased), failed (kept)",
    async () => {
      try {
        const counts = await countJobsByStatus(db.orm);
        return JOB_STATUSES.map((status) => ({ labels: { status }, value: counts[status] ?? 0 }));
      } catch {
        return [];
      }
    },
  );
  // A read sample: for a remote libSQL server or a replica this is the network round trip.
  registry.gauge("db_ping_seconds", "Round trip of SELECT 1 at scrape time", async () => {
    const started = performance.now();
    try {
      await db.client.execute("SELECT 1");
      return (performance.now() - started) / 1000;
    } catch {
      return [];
    }
  });
}

/** The `onWrite` option of createDb, feeding the write-transaction histograms. */
export function observeDbWrites(metrics: AppMetrics) {
  return (timing: { waitMs: number; runMs: number; ok: boolean }) => {
    metrics.dbWriteWait.observe({}, timing.waitMs / 1000);
    metrics.dbWrite.observe({ outcome: timing.ok ? "commit" : "rollback" }, timing.runMs / 1000);
  };
}
