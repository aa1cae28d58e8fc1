/**
 * The shape of routes.gen.ts (written by scripts/manifest.ts): every file under routes/ and
 * islands/, imported statically so nothing is discovered by dynamic import at run time.
 */
import type { ComponentType } from "preact";
import type { ApiHandlers } from "./api.ts";
import type { PageHandlers } from "./page.ts";

/** Route modules differ in their props and data; each is type-checked in its own file. */
// deno-lint-ignore no-explicit-any
export type AnyComponent = ComponentType<any>;
// deno-lint-ignore no-explicit-any
type AnyPageHandlers = PageHandlers<any>;

export interface RouteModule {
  default?: AnyComponent;
  handler?: ApiHandlers | AnyPageHandlers;
  title?: string;
  /** Extra stylesheets (URL paths under /static) this page needs besides the site's. */
  styles?: string[];
}

export interface RouteEntry {
  /** Source file, relative to the project root. */
  file: string;
  /** Hono path pattern, e.g. /api/v1/users/:id. */
  path: string;
  module: RouteModule;
}

export interface IslandEntry {
  name: string;
  component: AnyComponent;
}

export interface RouteManifest {
  routes: RouteEntry[];
  islands: IslandEntry[];
  /** Special files: _layout, _404, _500. */
  layout?: AnyComponent;
  notFound?: AnyComponent;
  error?: AnyComponent;
}

/** routes/api/v1/users/[id].ts → /api/v1/users/:id; index files map to their folder. */
export function fileToPath(file: string): string {
  const rel = file.replace(/^routes\//, "").replace(/\.(tsx?|jsx?)$/, "");
  const segments = rel.split("/").filter((s) => s !== "index");
  const mapped = segments.map((s) => {
    const rest = s.match(/^\[\.\.\.(\w+)\]$/);
    if (rest) return "*";
    const param = s.match(/^\[(\w+)\]$/);
    return param ? `:${param[1]}` : s;
  });
  return "/" + mapped.join("/");
}

/** Static segments before parameters, so /users/me wins over /users/:id. */
export function compareRoutePaths(a: string, b: string): number {
  const sa = a.split("/"), sb = b.split("/");
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const rank = (s: string) => (s === "*" ? 2 : s.startsWith(":") ? 1 : 0);
    const d = rank(sa[i]) - rank(sb[i]);
    if (d !== 0) return d;
    if (sa[i] !== sb[i]) return sa[i] < sb[i] ? -1 : 1;
  }
  return sa.length - sb.length;
}
