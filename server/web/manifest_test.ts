import assert from "node:assert/strict";
import { compareRoutePaths, fileToPath } from "./manifest.ts";

Deno.test("manifest - fileToPath maps files to Hono paths", () => {
  const table: [string, string][] = [
    ["routes/index.tsx", "/"],
    ["routes/login.tsx", "/login"],
    ["routes/blog/index.tsx", "/blog"],
    ["routes/api/v1/auth/login.ts", "/api/v1/auth/login"],
    ["routes/api/v1/auth/resend-verification.ts", "/api/v1/auth/resend-verification"],
    ["routes/api/v1/users/[id].ts", "/api/v1/users/:id"],
    ["routes/api/v1/users/me.ts", "/api/v1/users/me"],
    ["routes/tasks/[taskId]/edit.tsx", "/tasks/:taskId/edit"],
    ["routes/files/[...path].ts", "/files/*"],
    ["routes/docs.jsx", "/docs"],
  ];
  for (const [file, path] of table) assert.equal(fileToPath(file), path, file);
});

Deno.test("manifest - compareRoutePaths puts static segments before parameters and wildcards", () => {
  const table: [string, string, "<" | ">"][] = [
    ["/api/v1/users/me", "/api/v1/users/:id", "<"],
    ["/api/v1/users/:id", "/api/v1/users/me", ">"],
    ["/files/readme", "/files/*", "<"],
    ["/files/:name", "/files/*", "<"],
    ["/tasks/new", "/tasks/:id/edit", "<"],
    ["/a", "/a/b", "<"],
    ["/a/b", "/a/c", "<"],
  ];
  for (const [a, b, want] of table) {
    const got = compareRoutePaths(a, b);
    assert.ok(want === "<" ? got < 0 : got > 0, `${a} ${want} ${b} (got ${got})`);
  }
  assert.equal(compareRoutePaths("/same", "/same"), 0);
});

Deno.test("manifest - sorting puts /users/me ahead of /users/:id whatever the input order", () => {
  const paths = ["/*", "/api/v1/users/:id", "/", "/api/v1/users/me", "/login"];
  const sorted = [...paths].sort(compareRoutePaths);
  assert.ok(sorted.indexOf("/api/v1/users/me") < sorted.indexOf("/api/v1/users/:id"));
  assert.equal(sorted.at(-1), "/*");
});
