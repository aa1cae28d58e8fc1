/**
 * Page routes: a file under routes/ whose default export is a Preact component. An optional
 * `handler = definePage({GET, POST})` loads data or handles a form post; without one, GET
 * renders the component with no data.
 */
import type { z } from "zod";
import type { ViewerSummary } from "@/lib/types.ts";
import type { AppContext } from "./context.ts";

export interface PageResult<D> {
  kind: "page";
  data: D;
  status?: number;
  title?: string;
}

export type PageHandler<D> = (
  c: AppContext,
) => Response | PageResult<D> | Promise<Response | PageResult<D>>;

export interface PageHandlers<D> {
  GET?: PageHandler<D>;
  POST?: PageHandler<D>;
}

/** Props every page component receives. */
export interface PageProps<D = undefined> {
  data: D;
  url: URL;
  viewer: ViewerSummary | null;
}

export function definePage<D>(handlers: PageHandlers<D>): PageHandlers<D> {
  return handlers;
}

export function page<D>(data: D, init: { status?: number; title?: string } = {}): PageResult<D> {
  return { kind: "page", data, ...init };
}

export function isPageResult(v: unknown): v is PageResult<unknown> {
  return typeof v === "object" && v !== null && (v as { kind?: string }).kind === "page";
}

/** A 303 redirect: the answer to a successful form post. */
export function seeOther(c: AppContext, location: string): Response {
  return c.redirect(location, 303);
}

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: Record<string, string>; values: Record<string, string> };

/**
 * Reads an urlencoded/multipart form and validates it with the same schema the API uses.
 * Errors come back keyed by field, for the form to show next to each input.
 */
export async function parseForm<S extends z.ZodType>(
  c: AppContext,
  schema: S,
  shape: (form: Record<string, string>) => unknown = (f) => f,
): Promise<FormResult<z.output<S>>> {
  const raw = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string") values[k] = v;
  const result = schema.safeParse(shape(values));
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values };
}
