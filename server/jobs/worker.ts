/**
 * The worker loop: claims due jobs one at a time, runs the handler for their kind, and records
 * the outcome. Retries back off exponentially (base × 2^(attempt-1)) up to the job's attempts.
 */
import type { Database } from "@/db/client.ts";
import type { Bus } from "@/server/bus/bus.ts";
import type { Logger } from "@/server/observability/log.ts";
import type { AppMetrics } from "@/server/observability/metrics.ts";
import type { Clock } from "@/server/clock.ts";
import {
  claimNextJob,
  completeJob,
  failJob,
  type JobKind,
  type JobPayloads,
  releaseLeases,
} from "./queue.ts";

export type JobHandlers = { [K in JobKind]: (payload: JobPayloads[K]) => Promise<void> };

/** What job handlers get to work with (domain modules export `xxxJobHandlers(ctx)`). */
export interface JobContext {
  db: Database;
  bus: Bus;
  clock: Clock;
  log: Logger;
}

export interface WorkerOptions {
  db: Database;
  handlers: JobHandlers;
  log: Logger;
  metrics: AppMetrics;
  clock: Clock;
  owner: string;
  pollMs: number;
  leaseMs?: number;
  backoffBaseMs?: number;
}

export interface Worker {
  start(): void;
  /** Runs due jobs until none is left; returns how many ran. Tests call this directly. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export function createWorker(opts: WorkerOptions): Worker {
  const leaseMs = opts.leaseMs ?? 60_000;
  const backoffBaseMs = opts.backoffBaseMs ?? 5_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<number> | null = null;
  let stopped = false;

  async function runOne(): Promise<boolean> {
    const job = await opts.db.write((tx) =>
      claimNextJob(tx, opts.owner, opts.clock.now(), leaseMs)
    );
    if (!job) return false;
    const handler = opts.handlers[job.kind as JobKind] as
      | ((p: unknown) => Promise<void>)
      | undefined;
    try {
      if (!handler) throw new Error(`No handler for job kind "${job.kind}"`);
      await handler(job.payload);
      await opts.db.write((tx) => completeJob(tx, job.id, opts.clock.now()));
      opts.metrics.jobsProcessed.inc({ kind: job.kind, outcome: "done" });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const backoff = backoffBaseMs * 2 ** (job.attempts - 1);
      const outcome = await opts.db.write((tx) =>
        failJob(tx, job, message, opts.clock.now(), backoff)
      );
      opts.metrics.jobsProcessed.inc({ kind: job.kind, outcome });
      opts.log.warn("job failed", {
        jobId: job.id,
        kind: job.kind,
        attempt: job.attempts,
        outcome,
        error: message,
      });
    }
    return true;
  }

  async function drainLoop(): Promise<number> {
    let n = 0;
    while (!stopped && await runOne()) n++;
    return n;
  }

  function drain(): Promise<number> {
    running ??= drainLoop().finally(() => (running = null));
    return running;
  }

  function tick() {
    if (stopped) return;
    drain().catch((err) => opts.log.error("job worker tick failed", { error: err }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.pollMs);
      });
  }

  return {
    start() {
      stopped = false;
      timer = setTimeout(tick, 0);
    },
    drain,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
      await opts.db.write((tx) => releaseLeases(tx, opts.owner));
    },
  };
}
