/** Registers the manifest's routes on the Hono app: API operations and pages. */
import type { Hono } from "hono";
import { HttpError } from "@/server/errors.ts";
import { countUnread } from "@/server/notify/notifications.ts";
import { type HttpMethod, isApiHandlers, runOperation } from "./api.ts";
import type { AppContext, AppEnv } from "./context.ts";
import { compareRoutePaths, type RouteEntry, type RouteManifest } from "./manifest.ts";
import { isPageResult, type PageHandlers } from "./page.ts";
import { renderPage } from "./render.tsx";

const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export function mountRoutes(app: Hono<AppEnv>, manifest: RouteManifest) {
  const sorted = [...manifest.routes].sort((a, b) => compareRoutePaths(a.path, b.path));
  for (const route of sorted) {
    if (isApiHandlers(route.module.handler)) mountApi(app, route);
    else mountPage(app, route);
  }
}

function mountApi(app: Hono<AppEnv>, route: RouteEntry) {
  const handlers = route.module.handler as Record<string, unknown>;
  const allowed = METHODS.filter((m) => handlers[m]);
  for (const method of allowed) {
    app.on(method, route.path, (c) => runOperation(c, handlers[method] as never));
  }
  app.all(route.path, () => methodNotAllowed(allowed));
}

function mountPage(app: Hono<AppEnv>, route: RouteEntry) {
  const { default: component, title, styles } = route.module;
  const handlers = (route.module.handler ?? {}) as PageHandlers<unknown>;
  if (!component) {
    throw new Error(`${route.file} has neither a page component nor defineApi handlers`);
  }
  const allowed = handlers.POST ? ["GET", "POST"] : ["GET"];
  app.get(route.path, async (c) => {
    const result = handlers.GET ? await handlers.GET(c) : undefined;
    if (result instanceof Response) return result;
    const pageResult = isPageResult(result) ? result : undefined;
    return renderPage(c, {
      component,
      data: pageResult?.data,
      title: pageResult?.title ?? title,
      status: pageResult?.status,
      styles,
      unreadNotifications: await unreadFor(c),
    });
  });
  if (handlers.POST) {
    const post = handlers.POST;
    app.post(route.path, async (c) => {
      const result = await post(c);
      if (result instanceof Response) return result;
      return renderPage(c, {
        component,
        data: result.data,
        title: result.title ?? title,
        status: result.status,
        styles,
        unreadNotifications: await unreadFor(c),
      });
    });
  }
  app.all(route.path, () => methodNotAllowed(allowed));
}

/** The header badge's starting count: one indexed count per page view of a signed-in user. */
async function unreadFor(c: AppContext): Promise<number | undefined> {
  const viewer = c.get("viewer");
  return viewer ? await countUnread(c.get("deps").db.orm, viewer.user.id) : undefined;
}

function methodNotAllowed(allowed: string[]): never {
  throw new HttpError("method-not-allowed", `Use ${allowed.join(" or ")} here.`, {
    headers: { Allow: allowed.join(", ") },
  });
}
