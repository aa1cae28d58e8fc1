/**
 * createApp(deps): the middleware order and one mount per concern. Everything the app needs
 * arrives in `deps`; nothing here opens files, sockets or databases.
 */
import { type Context, Hono, type Next } from "hono";
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
/** Routes that take files: one file of up to 5 MB plus the multipart framing around it. */
export const MAX_UPLOAD_BODY_BYTES = 5 * 1024 * 1024 + 64 * 1024;
/** Form pages that take up to 3 files in one post (a task's attachments, portfolio images). */
export const MAX_FORM_FILES_BODY_BYTES = 3 * 5 * 1024 * 1024 + 256 * 1024;
const UPLOAD_PATHS = /^\/api\/v1\/uploads\/?$/;
const FORM_FILE_PATHS =
  /^\/(jobs\/(new|[^/]+\/edit|[^/]+\/apply)|contracts\/[^/]+|settings\/portfolio)\/?$/;

/** 1 MB everywhere except the routes that take files, which get room for them. */
function limitBody() {
  const limit = (bytes: number, text: string) =>
    bodyLimit({
      maxSize: bytes,
      onError: () => {
        throw new HttpError("payload-too-large", text);
      },
    });
  const standard = limit(MAX_BODY_BYTES, "Send at most 1 MB.");
  const upload = limit(MAX_UPLOAD_BODY_BYTES, "Files can be at most 5 MB.");
  const formFiles = limit(MAX_FORM_FILES_BODY_BYTES, "Attach at most 3 files of 5 MB each.");
  return function bodyLimitByRoute(c: Context<AppEnv>, next: Next) {
    const path = c.req.path;
    if (UPLOAD_PATHS.test(path)) return upload(c, next);
    if (FORM_FILE_PATHS.test(path)) return formFiles(c, next);
    return standard(c, next);
  };
}

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
  app.use(limitBody());
  // Before csrf and authenticate: the gateway checks the Origin and the token itself, and
  // answers a banned account with a close code rather than as a signed-out visitor.
  app.get("/ws", (c) => deps.gateway.upgrade(c));
  app.use(csrf());
  app.use(authenticate());
  app.route("/", systemRoutes());
  mountRoutes(app, deps.manifest);
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
