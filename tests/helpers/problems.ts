/** Assertions for RFC 9457 problem responses. */
import assert from "node:assert/strict";
import { PROBLEM_BASE } from "@/lib/problems.ts";

interface JsonResponse {
  status: number;
  headers: Headers;
  // deno-lint-ignore no-explicit-any
  body: any;
}

/** Status, then content type, then a stable type URI and no stack trace. */
export function assertProblem(res: JsonResponse, status: number, slug: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.equal(res.body.type, PROBLEM_BASE + slug);
  assert.equal(res.body.status, status);
  assert.equal(typeof res.body.title, "string");
  const text = JSON.stringify(res.body);
  assert.doesNotMatch(text, /\bat .+:\d+:\d+|stack|Error:/, "no stack trace in a problem");
}

/** A 422 whose errors name `path` (e.g. "body.email"). */
export function assertFieldError(res: JsonResponse, path: string) {
  assertProblem(res, 422, "validation");
  const paths = (res.body.errors as { path: string }[]).map((e) => e.path);
  assert.ok(paths.includes(path), `errors name ${path}: ${JSON.stringify(res.body.errors)}`);
}

/** A 422 whose errors name the unknown `field`. */
export function assertUnknownField(res: JsonResponse, field: string) {
  assertProblem(res, 422, "validation");
  const named = (res.body.errors as { path: string; message: string }[]).some((e) =>
    e.message.includes(field) || e.path.endsWith(field)
  );
  assert.ok(named, `errors name ${field}: ${JSON.stringify(res.body.errors)}`);
}
