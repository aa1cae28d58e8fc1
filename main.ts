/** WorkMate's entry point: start the server, the job worker and scheduled work; stop cleanly. */
import { manifest } from "./routes.gen.ts";
import { ConfigError } from "./server/config.ts";
import { purgeExpired } from "./server/jobs/cleanup.ts";
import { startServer } from "./server/start.ts";

try {
  const server = await startServer({ env: Deno.env.toObject(), manifest });
  const { db, clock, log } = server.deps;
  Deno.cron("purge-expired-sessions-tokens-jobs", "17 3 * * *", async () => {
    log.info("purged", await purgeExpired(db, clock.now()));
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down");
    await server.stop();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
} catch (err) {
  if (err instanceof ConfigError) {
    Deno.stderr.writeSync(new TextEncoder().encode(err.message + "\n"));
    Deno.exit(78); // EX_CONFIG: configuration error
  }
  throw err;
}
