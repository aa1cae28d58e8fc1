/**
 * JSON API operations: each route file under routes/api/ exports `handler = defineApi({...})`.
 * An operation declares its zod schemas once; they validate the request here and describe it
 * in the OpenAPI document (openapi.ts), so the two cannot drift apart.
 */
import type { z } from "zod";
import type { AppContext, Viewer } from "./context.ts";
import type { RateLimitRule } from "@/server/security/rate_limit.ts";
import { HttpError, unauthenticated, validationError } from "@/server/errors.ts";
import type { FieldError } from "@/lib/problems.ts";
import { enforceRateLimit } from "./middleware/rate_limit.ts";

type AnySchema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiResponseSpec {
  description: string;
  schema?: AnySchema;
}

export interface ApiOperation<
  B extends AnySchema | undefined = AnySchema | undefined,
  Q extends AnySchema | undefined = AnySchema | undefined,
  P extends AnySchema | undefined = AnySchema | undefined,
  A extends boolean = boolean,
> {
  summary: string;
  description?: string;
  tags?: string[];
  /** Requires a signed-in, active user (cookie or bearer token). */
  auth: A;
  body?: B;
  query?: Q;
  params?: P;
  rateLimit?: RateLimitRule;
  responses: Record<number, ApiResponseSpec>;
  handle(
    c: AppContext,
    input: {
      body: Out<B>;
      query: Out<Q>;
      params: Out<P>;
      viewer: A extends true ? Viewer : Viewer | null;
    },
  ): Response | Promise<Response>;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
// Each operation's own types are checked where it is declared (op); the table only stores them.
// deno-lint-ignore no-explicit-any
export type ApiHandlers = { [M in HttpMethod]?: ApiOperation<any, any, any, any> };

/** Declares one operation; a function so TypeScript infers the input types from the schemas. */
export function op<
  B extends AnySchema | undefined = undefined,
  Q extends AnySchema | undefined = undefined,
  P extends AnySchema | undefined = undefined,
  A extends boolean = false,
>(operation: ApiOperation<B, Q, P, A>): ApiOperation<B, Q, P, A> {
  return operation;
}

export function defineApi<H extends ApiHandlers>(handlers: H): H & { readonly kind: "api" } {
  return Object.assign(handlers, { kind: "api" as const });
}

export function isApiHandlers(h: unknown): h is ApiHandlers {
  return typeof h === "object" && h !== null && (h as { kind?: string }).kind === "api";
}

/** Runs an operation: rate limit, auth, then parameters, query and body through their schemas. */
export async function runOperation(c: AppContext, operation: ApiOperation): Promise<Response> {
  if (operation.rateLimit) await enforceRateLimit(c, operation.rateLimit);
  const viewer = c.get("viewer");
  if (operation.auth && !viewer) throw unauthenticated();
  const params = operation.params
    ? parseWith(operation.params, c.req.param(), "params")
    : undefined;
  const query = operation.query
    ? parseWith(operation.query, Object.fromEntries(new URL(c.req.url).searchParams), "query")
    : undefined;
  const body = operation.body ? parseWith(operation.body, await readJson(c), "body") : undefined;
  return await operation.handle(c, { body, query, params, viewer } as never);
}

async function readJson(c: AppContext): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpError("unsupported-media-type", "Send the body as application/json.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError("malformed-json", "The body could not be parsed as JSON.");
  }
}

export function parseWith<S extends AnySchema>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationError(zodIssues(result.error, where));
}

export function zodIssues(error: z.ZodError, where?: string): FieldError[] {
  return error.issues.map((issue) => {
    const keys = issue.code === "unrecognized_keys" ? `: ${issue.keys.join(", ")}` : "";
    const path = issue.path.map(String).join(".");
    return {
      path: [where, path].filter(Boolean).join("."),
      message: issue.code === "unrecognized_keys" ? `Unknown field${keys}` : issue.message,
    };
  });
}
