/**
 * createApp(deps): the middleware order and one mount per concern. Everything the app needs
 * arrives in `deps`; nothing here opens files, sockets or databases.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HttpError } from "@/server/errors.ts";
import type { AppDeps, AppEnv } from "./context.ts";
import { onError, onNotFound } from "./errors.tsx";
import { registerIslands } from "./islands.tsx";
import { authenticate } from "./middleware/auth.ts";
import { csrf } from "./middleware/csrf.ts";
import { observe } from "./middleware/observe.ts";
import { securityHeaders } from "./middleware/security.ts";
import { mountRoutes } from "./mount.ts";
import { staticFiles } from "./static.ts";
import { systemRoutes } from "./system.ts";

export const MAX_BODY_BYTES = 1024 * 1024;

export function createApp(deps: AppDeps): Hono<AppEnv> {
  registerIslands(deps.manifest.islands);
  const app = new Hono<AppEnv>();
  app.use(async function provideDeps(c, next) {
    c.set("deps", deps);
    c.set("viewer", null);
    await next();
  });
  app.use(observe());
  app.use(securityHeaders());
  app.use(
    "/static/*",
    staticFiles(new URL("../../static", import.meta.url).pathname, deps.staticHashes),
  );
  app.use(bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new HttpError("payload-too-large", "Send at most 1 MB.");
    },
  }));
  app.use(csrf());
  app.use(authenticate());
  app.route("/", systemRoutes());
  mountRoutes(app, deps.manifest);
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
