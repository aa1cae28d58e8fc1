/**
 * The composition root: config → database → dependencies → app → HTTP server → worker.
 * main.ts calls it for production; tests call it with a temporary DATA_DIR and PORT=0 so
 * every test runs the real server.
 */
import { createDb, type Database } from "@/db/client.ts";
import { type ClusterParts, createClusterParts } from "@/server/cluster.ts";
import { type Clock, systemClock } from "@/server/clock.ts";
import { type Config, loadConfig } from "@/server/config.ts";
import { createTokenKeys } from "@/server/auth/tokens.ts";
import { createWorker, type JobHandlers } from "@/server/jobs/worker.ts";
import { searchJobHandlers } from "@/server/marketplace/search_jobs.ts";
import { contractJobHandlers } from "@/server/contracts/timers.ts";
import { callJobHandlers } from "@/server/calls/timeouts.ts";
import { createOutboxMailer, createSmtpMailer, type Mailer } from "@/server/mail/mailer.ts";
import { createLogger, type Logger } from "@/server/observability/log.ts";
import { createAppMetrics } from "@/server/observability/metrics.ts";
import { createDrain } from "@/server/observability/drain.ts";
import { startRedisPing } from "@/server/observability/redis_ping.ts";
import { instrumentBus } from "@/server/observability/instrument_bus.ts";
import { observeDbWrites, registerRuntimeMetrics } from "@/server/observability/runtime_metrics.ts";
import { createCallFeature } from "@/server/calls/feature.ts";
import { createChatFeature } from "@/server/chat/frames.ts";
import { listConversationCursors } from "@/server/chat/receipts.ts";
import { createBusRealtime } from "@/server/realtime/bus_realtime.ts";
import { createGateway } from "@/server/realtime/gateway.ts";
import { createApp } from "@/server/web/app.ts";
import type { AppDeps } from "@/server/web/context.ts";
import { loadIslandAssets } from "@/server/web/islands.tsx";
import type { RouteManifest } from "@/server/web/manifest.ts";
import { hashStaticFiles } from "@/server/web/static.ts";

export interface StartOptions {
  env: Record<string, string | undefined>;
  manifest: RouteManifest;
  clock?: Clock;
  /** Replaces the configured mailer (tests use a failing one to exercise retries). */
  mailer?: Mailer;
  /** Start the background worker loop (default true). */
  startWorker?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  stop(): Promise<void>;
}

const STATIC_DIR = new URL("../static/", import.meta.url);

export async function buildDeps(
  options: StartOptions,
  config: Config,
  db: Database,
  log: Logger,
  cluster: ClusterParts,
): Promise<AppDeps> {
  const clock = options.clock ?? systemClock;
  const metrics = createAppMetrics();
  const { presence } = cluster;
  const bus = instrumentBus(cluster.bus, metrics);
  const mailer = options.mailer ??
    (config.SMTP_URL
      ? createSmtpMailer(config.SMTP_URL, config.MAIL_FROM)
      : createOutboxMailer(db, clock));
  const jobContext = { db, bus, clock, log };
  const handlers: JobHandlers = {
    "mail.send": (message) => mailer.send(message),
    ...searchJobHandlers(jobContext),
    ...contractJobHandlers(jobContext),
    ...callJobHandlers(jobContext),
  };
  const worker = createWorker({
    db,
    handlers,
    log,
    metrics,
    clock,
    owner: config.INSTANCE_ID,
    pollMs: config.JOB_POLL_MS,
  });
  const deps: AppDeps = {
    config,
    db,
    bus,
    clock,
    log,
    metrics,
    rateLimiter: cluster.rateLimiter,
    leases: cluster.leases,
    redis: cluster.redis,
    keys: createTokenKeys(config.JWT_SECRET),
    mailer,
    worker,
    manifest: options.manifest,
    assets: await loadIslandAssets(new URL("_build/", STATIC_DIR)),
    staticHashes: await hashStaticFiles(STATIC_DIR.pathname.replace(/\/$/, "")),
    realtime: createBusRealtime(bus, presence),
    presence,
    gateway: createGateway({
      deps: () => deps,
      registry: metrics.registry,
      features: { chat: createChatFeature(), calls: createCallFeature() },
      cursorsOf: (d, userId) => listConversationCursors(d.db.orm, userId),
    }),
  };
  return deps;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const config = await loadConfig(options.env);
  const log = createLogger(config.LOG_LEVEL, { instance: config.INSTANCE_ID });
  // The metrics exist only once deps do; until then a write has nowhere to be counted.
  const dbTiming: { onWrite?: ReturnType<typeof observeDbWrites> } = {};
  const db = await createDb({
    onWrite: (timing) => dbTiming.onWrite?.(timing),
    url: config.LIBSQL_URL,
    authToken: config.LIBSQL_AUTH_TOKEN,
    syncUrl: config.LIBSQL_SYNC_URL,
    syncIntervalSeconds: config.LIBSQL_SYNC_INTERVAL,
    busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS,
  });
  const clock = options.clock ?? systemClock;
  const cluster = await createClusterParts(config, db, log, clock);
  const deps = await buildDeps(options, config, db, log, cluster);
  dbTiming.onWrite = observeDbWrites(deps.metrics);
  registerRuntimeMetrics(deps.metrics, db);
  const redis = deps.redis;
  const stopRedisPing = redis ? startRedisPing(() => redis.commands.ping(), deps.metrics) : null;
  if (!deps.assets.boot && options.manifest.islands.length) {
    log.warn("island bundles not built; pages render without interactivity (run deno task build)");
  }
  const app = createApp(deps);
  const drain = createDrain(config.INSTANCE_ID);
  const ready = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    port: config.PORT,
    hostname: config.HOSTNAME,
    onListen: (addr) => ready.resolve(addr as Deno.NetAddr),
  }, drain.wrap(app.fetch));
  const addr = await ready.promise;
  const host = addr.hostname === "0.0.0.0" ? "localhost" : addr.hostname;
  const url = `http://${host}:${addr.port}`;
  log.info("listening", {
    url,
    port: addr.port,
    database: config.LIBSQL_URL.replace(/\/\/.*@/, "//***@"),
  });
  if (options.startWorker ?? true) deps.worker.start();
  return {
    url,
    port: addr.port,
    deps,
    async stop() {
      // Out of rotation first: /readyz says 503 and new sockets are refused. The worker
      // finishes its current job meanwhile, then hands back its leases.
      drain.begin();
      const workerStopped = deps.worker.stop();
      // Then the sockets: a client told 1012 reconnects (to another instance, with jitter).
      await deps.gateway.close();
      // New requests get 503 (a proxy retries them elsewhere); those in flight finish.
      drain.refuseNew();
      if (!await drain.settled(5_000)) {
        log.warn("requests still in flight at shutdown", { inFlight: drain.inFlight });
      }
      await Promise.all([server.shutdown(), workerStopped]);
      // The bus and database stay up until the requests and the job are done.
      stopRedisPing?.();
      await deps.bus.close();
      await cluster.close();
      db.close();
    },
  };
}
