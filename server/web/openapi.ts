/**
 * The OpenAPI 3.1 document, built from the route manifest: every `defineApi` operation with its
 * zod schemas converted by zod's own `z.toJSONSchema`. Request schemas are converted as input
 * (what a client may send: defaults optional), response schemas as output (what it receives).
 * Schemas carrying `.meta({ id })` become shared components referenced with `$ref`.
 */
import { z } from "zod";
import { PROBLEM_BASE, PROBLEMS } from "@/lib/problems.ts";
import type { RateLimitRule } from "@/server/security/rate_limit.ts";
import { type ApiOperation, type HttpMethod, isApiHandlers } from "./api.ts";
import type { RouteManifest } from "./manifest.ts";
import { ACCESS_COOKIE } from "./session_cookies.ts";

/** A JSON Schema (draft 2020-12, which OpenAPI 3.1 uses as is). */
export type JsonSchema = { [key: string]: unknown };

export interface OpenApiParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema }>;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse>;
  /** The per-IP limit, for readers; 429 is the answer past it. */
  "x-rate-limit"?: { name: string; limit: number; windowSeconds: number; scope: "ip" };
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  tags: { name: string; description?: string }[];
  paths: Record<string, Partial<Record<Lowercase<HttpMethod>, OpenApiOperation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const COMPONENT_PREFIX = "#/components/schemas/";
const PROBLEM_REF = { $ref: `${COMPONENT_PREFIX}Problem` };

const TAG_DESCRIPTIONS: Record<string, string> = {
  auth: "Accounts and sessions: sign up, sign in, tokens, email confirmation and passwords.",
  users: "Profiles: your own account and other people's public profiles.",
  meta: "Documents about the API itself.",
  jobs: "Tasks that clients post: create, edit, publish, delete, and find them.",
  uploads: "Images and documents attached to tasks, proposals, deliveries and portfolios.",
  search: "Finding tasks and workers, and saved searches that alert you to new tasks.",
  proposals: "Applying to a task or quoting for it, and the client's shortlist, reject and hire.",
  contracts: "Contracts created by hiring, with their milestones and payment summary.",
  milestones: "Funding, delivering, approving and paying milestones (funds held or direct).",
  disputes: "Disputes that freeze a contract until the other side answers and an admin decides.",
  reviews: "Ratings both sides leave after a contract completes.",
  profiles: "Reputation, portfolios, certifications and private notes.",
  notifications: "What happened that concerns you, and marking it read.",
  chat: "Conversations (direct, job threads, channels), messages and workspaces. Live " +
    "delivery is the WebSocket at /ws; these are its REST side and HTTP fallback.",
  admin: "Operations for administrators: dispute decisions and profile verification.",
};

/** The error body of every 4xx/5xx answer (RFC 9457), mirroring `Problem` in lib/problems.ts. */
export const ProblemSchema = z.object({
  type: z.string().describe(
    `A stable URI naming the problem, e.g. ${PROBLEM_BASE}validation. Known types: ${
      Object.keys(PROBLEMS).join(", ")
    }.`,
  ),
  title: z.string().describe("A short summary of the problem type."),
  status: z.int().min(400).max(599).describe("The HTTP status, repeated."),
  detail: z.string().optional().describe("What happened and what to do next."),
  instance: z.string().optional().describe("The request path."),
  errors: z.array(z.object({
    path: z.string().describe("Where the bad value is, e.g. body.email."),
    message: z.string(),
  })).optional().describe("Field errors, with validation problems."),
  retryAfter: z.int().min(0).optional().describe("Seconds to wait, with rate-limited problems."),
}).meta({ id: "Problem", description: "An error, sent as application/problem+json." });

const documents = new WeakMap<RouteManifest, OpenApiDocument>();

/** The document for this app's manifest, built once and kept for the life of the manifest. */
export function openApiDocument(manifest: RouteManifest): OpenApiDocument {
  let doc = documents.get(manifest);
  if (!doc) {
    doc = buildOpenApiDocument(manifest);
    documents.set(manifest, doc);
  }
  return doc;
}

export function buildOpenApiDocument(manifest: RouteManifest): OpenApiDocument {
  const components = createComponentCollector();
  const paths: OpenApiDocument["paths"] = {};
  const tags: string[] = [];
  for (const route of manifest.routes) {
    const handlers = route.module.handler;
    if (!isApiHandlers(handlers)) continue;
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    for (const method of METHODS) {
      const operation = handlers[method];
      if (!operation) continue;
      for (const tag of operation.tags ?? []) if (!tags.includes(tag)) tags.push(tag);
      (paths[path] ??= {})[method.toLowerCase() as Lowercase<HttpMethod>] = describeOperation(
        method,
        route.path,
        operation,
        components,
      );
    }
  }
  components.convert(ProblemSchema, "output");
  const doc: OpenApiDocument = {
    openapi: "3.1.0",
    info: {
      title: "WorkMate API",
      version: "1",
      description: "JSON over HTTPS. Errors are application/problem+json (see the Problem " +
        "schema). Signed-in operations take the access token as a bearer token, or the session " +
        "cookie a browser gets from signing in.",
    },
    tags: tags.map((name) => ({ name, description: TAG_DESCRIPTIONS[name] })),
    paths,
    components: {
      schemas: {},
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        cookieAuth: { type: "apiKey", in: "cookie", name: ACCESS_COOKIE },
      },
    },
  };
  doc.components.schemas = components.finish(doc);
  return doc;
}

function describeOperation(
  method: HttpMethod,
  honoPath: string,
  operation: ApiOperation,
  components: ComponentCollector,
): OpenApiOperation {
  const parameters = [
    ...pathParameters(honoPath, operation.params, components),
    ...(operation.query ? objectParameters(operation.query, "query", components) : []),
  ];
  let requestBody: OpenApiOperation["requestBody"];
  if (operation.body) {
    const schema = components.convert(operation.body, "input");
    requestBody = {
      required: components.hasRequired(schema),
      content: { "application/json": { schema } },
    };
  }
  const declared: Record<number, { description: string; schema?: z.ZodType }> = {
    ...implicitResponses(operation),
    ...operation.responses,
  };
  const responses: Record<string, OpenApiResponse> = {};
  for (const [status, spec] of Object.entries(declared).sort(([a], [b]) => +a - +b)) {
    responses[status] = describeResponse(+status, spec, operation.rateLimit, components);
  }
  const out: OpenApiOperation = {
    operationId: operationId(method, honoPath),
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: operation.tags ?? [],
    ...(operation.auth ? { security: [{ bearerAuth: [] }, { cookieAuth: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
  if (operation.rateLimit) out["x-rate-limit"] = rateLimitInfo(operation.rateLimit);
  return out;
}

/** Answers runOperation gives whatever the route declares: bad input, no session, too many. */
function implicitResponses(operation: ApiOperation) {
  const implicit: Record<number, { description: string }> = {};
  if (operation.body || operation.query || operation.params) {
    implicit[422] = { description: "Invalid fields (listed in errors)" };
  }
  if (operation.auth) implicit[401] = { description: "Not signed in" };
  if (operation.rateLimit) implicit[429] = { description: "Too many requests from this address" };
  return implicit;
}

function describeResponse(
  status: number,
  spec: { description: string; schema?: z.ZodType },
  rateLimit: RateLimitRule | undefined,
  components: ComponentCollector,
): OpenApiResponse {
  if (status >= 400) {
    const response: OpenApiResponse = {
      description: spec.description,
      content: { "application/problem+json": { schema: PROBLEM_REF } },
    };
    if (status === 429) {
      const limit = rateLimit ? ` (limit: ${formatRateLimit(rateLimit)})` : "";
      response.description = `${spec.description}${limit}. Retry after the Retry-After header's ` +
        "seconds.";
      response.headers = {
        "Retry-After": {
          description: "Seconds until the limit resets.",
          schema: { type: "integer", minimum: 1 },
        },
      };
    }
    return response;
  }
  if (!spec.schema) return { description: spec.description };
  return {
    description: spec.description,
    content: { "application/json": { schema: components.convert(spec.schema, "output") } },
  };
}

function pathParameters(
  honoPath: string,
  schema: z.ZodType | undefined,
  components: ComponentCollector,
): OpenApiParameter[] {
  const declared = schema ? objectParameters(schema, "path", components) : [];
  const names = [...honoPath.matchAll(/:(\w+)/g)].map((m) => m[1]);
  return names.map((name) =>
    declared.find((p) => p.name === name) ??
      { name, in: "path", required: true, schema: { type: "string" } }
  );
}

/** One parameter per property of an object schema (query strings and path segments). */
function objectParameters(
  schema: z.ZodType,
  where: "path" | "query",
  components: ComponentCollector,
): OpenApiParameter[] {
  const json = components.inline(components.convert(schema, "input"));
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function rateLimitInfo(rule: RateLimitRule): NonNullable<OpenApiOperation["x-rate-limit"]> {
  return {
    name: rule.name,
    limit: rule.limit,
    windowSeconds: Math.round(rule.windowMs / 1000),
    scope: "ip",
  };
}

/** "10 per 15 minutes per IP address". */
export function formatRateLimit(rule: { limit: number; windowMs: number }): string {
  const seconds = Math.round(rule.windowMs / 1000);
  const [n, unit] = seconds % 3600 === 0
    ? [seconds / 3600, "hour"]
    : seconds % 60 === 0
    ? [seconds / 60, "minute"]
    : [seconds, "second"];
  const window = n === 1 ? unit : `${n} ${unit}s`;
  return `${rule.limit} per ${window} per IP address`;
}

/** POST /api/v1/auth/password/reset → postAuthPasswordReset; :id → ById. */
function operationId(method: HttpMethod, honoPath: string): string {
  const words = honoPath.replace(/^\/api\/v\d+/, "").split(/[/.-]/).filter(Boolean)
    .map((s) => s.startsWith(":") ? `by-${s.slice(1)}` : s)
    .flatMap((s) => s.split("-"));
  return method.toLowerCase() + words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}

type Io = "input" | "output";
type ComponentCollector = ReturnType<typeof createComponentCollector>;

/**
 * Collects the `$defs` zod emits for schemas with a meta id. The input and output form of one
 * schema differ when it has defaults or transforms (Location's name is optional going in,
 * always present coming out); then the output keeps the id and the input becomes `<id>Input`.
 * Refs are written as placeholders while converting and resolved in `finish`, once both forms
 * of every id are known.
 */
function createComponentCollector() {
  const defs = new Map<string, { input?: JsonSchema; output?: JsonSchema }>();
  const placeholder = (io: Io, id: string) => `wm-component:${io}:${id}`;

  function convert(schema: z.ZodType, io: Io): JsonSchema {
    const json = z.toJSONSchema(schema, {
      io,
      target: "draft-2020-12",
      unrepresentable: "any",
      reused: "inline",
    }) as JsonSchema;
    const { $schema: _, $defs, ...root } = json;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      if (/^__schema\d+$/.test(id)) {
        throw new Error(
          'A recursive schema needs a name in the API document: give it .meta({ id: "Name" }).',
        );
      }
      const entry = defs.get(id) ?? {};
      const rewritten = rewriteRefs(def, io) as JsonSchema;
      const existing = entry[io];
      if (existing && JSON.stringify(existing) !== JSON.stringify(rewritten)) {
        throw new Error(`Two different schemas use the meta id "${id}"; give each its own id.`);
      }
      entry[io] = rewritten;
      defs.set(id, entry);
    }
    return rewriteRefs(root, io) as JsonSchema;
  }

  function rewriteRefs(value: unknown, io: Io): unknown {
    if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, io));
    if (typeof value !== "object" || value === null) return value;
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") {
        if (!v.startsWith("#/$defs/")) {
          throw new Error(`Unexpected $ref ${v}: name recursive schemas with .meta({ id }).`);
        }
        out[k] = placeholder(io, decodeURIComponent(v.slice("#/$defs/".length)));
      } else if (io === "output" && k === "additionalProperties" && v === false) {
        // Responses may gain fields over time; clients must not be told to reject them.
        continue;
      } else out[k] = rewriteRefs(v, io);
    }
    return out;
  }

  function componentName(io: Io, id: string): string {
    const entry = defs.get(id)!;
    const differ = entry.input && entry.output &&
      JSON.stringify(entry.input) !== JSON.stringify(entry.output);
    return io === "input" && differ ? `${id}Input` : id;
  }

  function resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== "object" || value === null) return value;
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(value)) {
      const m = k === "$ref" && typeof v === "string" && v.match(/^wm-component:(\w+):(.+)$/);
      out[k] = m ? COMPONENT_PREFIX + componentName(m[1] as Io, m[2]) : resolve(v);
    }
    return out;
  }

  /** A placeholder ref's definition (for inspecting the root of a converted schema). */
  function inline(schema: JsonSchema): JsonSchema {
    const ref = typeof schema.$ref === "string" && schema.$ref.match(/^wm-component:(\w+):(.+)$/);
    return ref ? defs.get(ref[2])![ref[1] as Io]! : schema;
  }

  return {
    convert,
    inline,
    /** True when the (possibly referenced) object schema lists required properties. */
    hasRequired: (schema: JsonSchema) =>
      ((inline(schema).required as string[] | undefined) ?? []).length > 0,
    /** Resolves the placeholders throughout `doc` and returns the component schemas. */
    finish(doc: OpenApiDocument): Record<string, JsonSchema> {
      doc.paths = resolve(doc.paths) as OpenApiDocument["paths"];
      const schemas: Record<string, JsonSchema> = {};
      for (const id of [...defs.keys()].sort()) {
        const entry = defs.get(id)!;
        for (const io of ["output", "input"] as const) {
          const def = entry[io];
          if (def) schemas[componentName(io, id)] = resolve(def) as JsonSchema;
        }
      }
      return schemas;
    },
  };
}
