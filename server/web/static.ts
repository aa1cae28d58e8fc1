/**
 * Static files from static/: the island bundles under /static/_build (content-hashed names,
 * immutable) and the rest (immutable when requested with their ?v= content hash, else 1 hour).
 */
import { serveStatic } from "hono/deno";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./context.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";

export function staticFiles(
  root: string,
  hashes: Record<string, string>,
): MiddlewareHandler<AppEnv> {
  const serve = serveStatic<AppEnv>({
    root,
    rewriteRequestPath: (p) => p.replace(/^\/static/, ""),
    onFound: (path, c) => {
      const urlPath = new URL(c.req.url).pathname;
      const v = c.req.query("v");
      const immutable = urlPath.startsWith("/static/_build/") || (v && hashes[urlPath] === v);
      c.header("Cache-Control", immutable ? IMMUTABLE : "public, max-age=3600");
      if (path.endsWith(".js")) c.header("Content-Type", "text/javascript; charset=utf-8");
    },
  });
  return async function staticHandler(c, next) {
    if (new URL(c.req.url).pathname.includes("..")) return c.notFound();
    return await serve(c, next);
  };
}

/** Content hashes of the files under static/ (except the build output), keyed by URL path. */
export async function hashStaticFiles(root: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  async function walk(dir: string, prefix: string) {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name.startsWith(".") || entry.name === "_build") continue;
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path, `${prefix}/${entry.name}`);
      else if (entry.isFile) {
        const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
        hashes[`${prefix}/${entry.name}`] = Array.from(
          new Uint8Array(digest).slice(0, 6),
          (b) => b.toString(16).padStart(2, "0"),
        ).join("");
      }
    }
  }
  try {
    await walk(root, "/static");
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return hashes;
}
