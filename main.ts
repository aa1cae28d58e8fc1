/** WorkMate's entry point: start the server, the job worker and scheduled work; stop cleanly. */
import { manifest } from "./routes.gen.ts";
import { ConfigError } from "./server/config.ts";
import { startServer } from "./server/start.ts";

try {
  const server = await startServer({ env: Deno.env.toObject(), manifest });
  const stop = async () => {
    server.deps.log.info("shutting down");
    await server.stop();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
} catch (err) {
  if (err instanceof ConfigError) {
    Deno.stderr.writeSync(new TextEncoder().encode(err.message + "\n"));
    Deno.exit(78); // EX_CONFIG
  }
  throw err;
}
