import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { z } from "zod";
import { manifest } from "@/routes.gen.ts";
import { defineApi, isApiHandlers, op } from "@/server/web/api.ts";
import type { RouteManifest } from "@/server/web/manifest.ts";
import {
  buildOpenApiDocument,
  type OpenApiDocument,
  openApiDocument,
} from "@/server/web/openapi.ts";
import { startTestServer } from "../helpers/server.ts";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every [path, method, operation] of the document. */
function operations(doc: OpenApiDocument) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op: op! }))
  );
}

function collectRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectRefs(v, out));
  else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

Deno.test("openapi - the document is OpenAPI 3.1 and lists every API operation", async () => {
  await using server = await startTestServer();
  const res = await fetch(`${server.url}/api/v1/openapi.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  const doc: OpenApiDocument = await res.json();
  assert.match(doc.openapi, /^3\.1\.\d+$/);
  assert.equal(doc.info.title, "WorkMate API");
  assert.equal(doc.info.version, "1");

  const apiRoutes = manifest.routes.filter((r) => isApiHandlers(r.module.handler));
  assert.ok(apiRoutes.length > 0);
  for (const route of apiRoutes) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    const handlers = route.module.handler as Record<string, unknown>;
    for (const method of METHODS.filter((m) => handlers[m])) {
      const op = doc.paths[path]?.[method.toLowerCase() as "get"];
      assert.ok(op, `${method} ${path} is missing from the document`);
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        assert.ok(
          op.parameters?.some((p) => p.in === "path" && p.name === name && p.required),
          `${method} ${path} does not declare path parameter ${name}`,
        );
      }
    }
  }
  const ids = operations(doc).map((o) => o.op.operationId);
  assert.equal(new Set(ids).size, ids.length, "operationIds are unique");
});

Deno.test("openapi - refs resolve, errors are problems, auth and rate limits are declared", async () => {
  await using server = await startTestServer();
  const doc: OpenApiDocument = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
  const refs = collectRefs(doc);
  assert.ok(refs.length > 0);
  for (const ref of refs) {
    const name = ref.match(/^#\/components\/schemas\/(.+)$/)?.[1];
    assert.ok(name && doc.components.schemas[name], `unresolved $ref ${ref}`);
  }
  for (const schema of ["Problem", "LoginBody", "AuthResult", "Me", "Money"]) {
    assert.ok(doc.components.schemas[schema], `component ${schema}`);
  }
  const problem = doc.components.schemas.Problem as { properties: Record<string, unknown> };
  for (const field of ["type", "title", "status", "detail", "instance", "errors", "retryAfter"]) {
    assert.ok(field in problem.properties, `Problem.${field}`);
  }
  for (const { path, method, op } of operations(doc)) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (+status < 400) continue;
      assert.deepEqual(
        response.content?.["application/problem+json"]?.schema,
        { $ref: "#/components/schemas/Problem" },
        `${method} ${path} ${status}`,
      );
      if (status === "429") assert.ok(response.headers?.["Retry-After"]);
    }
  }
  const me = doc.paths["/api/v1/users/me"].get!;
  assert.deepEqual(me.security, [{ bearerAuth: [] }, { cookieAuth: [] }]);
  assert.ok(me.responses["401"]);
  assert.equal(doc.paths["/api/v1/auth/login"].post!.security, undefined);
  assert.equal(doc.paths["/api/v1/auth/login"].post!["x-rate-limit"]?.limit, 10);
  assert.ok(doc.paths["/api/v1/auth/login"].post!.responses["429"]);
  const verify = doc.paths["/api/v1/auth/verify-email"].get!;
  assert.ok(verify.parameters?.some((p) => p.in === "query" && p.name === "token" && p.required));
});

Deno.test("openapi - a schema whose input and output differ gets two components", () => {
  const Place = z.strictObject({ name: z.string().default(""), lat: z.number() }).meta({
    id: "TestPlace",
  });
  const fake: RouteManifest = {
    islands: [],
    routes: [{
      file: "routes/api/v1/places/[id].ts",
      path: "/api/v1/places/:id",
      module: {
        handler: defineApi({
          PUT: op({
            summary: "Replace a place",
            auth: true,
            body: Place,
            responses: { 200: { description: "Saved", schema: Place } },
            handle: (c) => c.body(null, 204),
          }),
        }),
      },
    }],
  };
  const doc = buildOpenApiDocument(fake);
  const put = doc.paths["/api/v1/places/{id}"].put!;
  assert.deepEqual(put.requestBody?.content["application/json"].schema, {
    $ref: "#/components/schemas/TestPlaceInput",
  });
  assert.deepEqual(put.responses["200"].content?.["application/json"].schema, {
    $ref: "#/components/schemas/TestPlace",
  });
  assert.deepEqual(doc.components.schemas.TestPlace.required, ["name", "lat"]);
  assert.deepEqual(doc.components.schemas.TestPlaceInput.required, ["lat"]);
  assert.deepEqual(put.parameters?.map((p) => [p.name, p.in]), [["id", "path"]]);
  assert.equal(openApiDocument(fake), openApiDocument(fake), "built once per manifest");
});

Deno.test("api docs - the reference page lists every operation", async () => {
  await using server = await startTestServer();
  const doc: OpenApiDocument = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
  const res = await fetch(`${server.url}/docs/api`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  const { document } = parseHTML(await res.text());
  assert.ok(document.querySelector('a[href="/api/v1/openapi.json"]'));
  assert.ok(document.querySelector('link[rel="stylesheet"][href^="/static/api-docs.css"]'));
  assert.equal(document.querySelectorAll("script:not([type='application/json'])").length, 0);
  for (const { path, method, op } of operations(doc)) {
    const article = document.getElementById(op.operationId);
    assert.ok(article, `no section for ${method} ${path}`);
    assert.equal(article.querySelector(".method")?.textContent, method.toUpperCase());
    assert.equal(article.querySelector(".op-path")?.textContent, path);
    assert.equal(article.querySelector("h3")?.textContent, op.summary);
  }
  const login = document.getElementById("postAuthLogin")!;
  assert.match(login.textContent, /10 per 15 minutes per IP address/);
  assert.ok(login.querySelector(".field-name"), "request body fields are listed");
  assert.ok(document.getElementById("schema-Problem"));
});
