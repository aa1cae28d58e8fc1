/** WorkMate's entry point: start the server, the job worker and scheduled work; stop cleanly. */
import { manifest } from "./routes.gen.ts";
import { ConfigError } from "./server/config.ts";
import { purgeExpired } from "./server/jobs/cleanup.ts";
import { startServer } from "./server/start.ts";

/** The hard limit on a graceful shutdown (sockets closed, requests and current job finished). */
const SHUTDOWN_MS = 9_000;

try {
  const server = await startServer({ env: Deno.env.toObject(), manifest });
  const { db, clock, log, leases } = server.deps;
  // Every instance's cron fires; the lease lets one of them run the tick.
  Deno.cron("purge-expired-sessions-tokens-jobs", "17 3 * * *", async () => {
    await leases.withLease("cron:purge-expired", 10 * 60_000, async () => {
      log.info("purged", await purgeExpired(db, clock.now()));
    });
  });
  let stopping = false;
  const stop = async (signal: Deno.Signal) => {
    if (stopping) {
      // A second Ctrl-C: the operator does not want to wait.
      log.warn("second signal: exiting without finishing the shutdown", { signal });
      Deno.exit(1);
    }
    stopping = true;
    log.info("shutting down", { signal });
    const started = performance.now();
    // `docker stop` sends SIGKILL after 10 s: exit on our own, with a reason, before that.
    setTimeout(() => {
      log.error("shutdown timed out; exiting with work unfinished", { afterMs: SHUTDOWN_MS });
      Deno.exit(1);
    }, SHUTDOWN_MS);
    try {
      await server.stop();
    } catch (err) {
      log.error("shutdown failed", { error: err });
      Deno.exit(1);
    }
    log.info("stopped", { ms: Math.round(performance.now() - started) });
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", () => stop("SIGTERM"));
  Deno.addSignalListener("SIGINT", () => stop("SIGINT"));
} catch (err) {
  if (err instanceof ConfigError) {
    Deno.stderr.writeSync(new TextEncoder().encode(err.message + "\n"));
    Deno.exit(78); // EX_CONFIG: configuration error
  }
  throw err;
}
