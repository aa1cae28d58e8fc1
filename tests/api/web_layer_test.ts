import assert from "node:assert/strict";
import { apiClient } from "../helpers/api.ts";
import { assertProblem } from "../helpers/problems.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/** Sends a request line exactly as written (fetch would normalise `..` away). */
async function rawGet(
  server: TestServer,
  target: string,
): Promise<{ status: number; text: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  try {
    await conn.write(new TextEncoder().encode(
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    ));
    let text = "";
    const buf = new Uint8Array(16 * 1024);
    const decoder = new TextDecoder();
    for (let n = await conn.read(buf); n !== null; n = await conn.read(buf)) {
      text += decoder.decode(buf.subarray(0, n), { stream: true });
    }
    return { status: Number(text.split(" ")[1]), text };
  } finally {
    try {
      conn.close();
    } catch { /* closed by the server */ }
  }
}

Deno.test("web - unknown /api path answers 404 problem+json", async () => {
  await using server = await startTestServer();
  const res = await apiClient(server).json("GET", "/api/v1/nope", undefined, {
    accept: "text/html",
  });
  assertProblem(res, 404, "not-found");
  assert.equal(res.body.instance, "/api/v1/nope");
  for (const path of ["/api", "/api/", "/api/v2/users/me", "/api/v1/users/me/extra"]) {
    assertProblem(await apiClient(server).json("GET", path), 404, "not-found");
  }
});

Deno.test("web - a wrong method answers 405 with Allow", async () => {
  await using server = await startTestServer();
  const api = apiClient(server);
  const table: [string, string, string][] = [
    ["GET", "/api/v1/auth/login", "POST"],
    ["DELETE", "/api/v1/users/me", "GET, PATCH"],
    ["PUT", "/api/v1/users/some-id", "GET"],
    ["POST", "/api/v1/auth/verify-email", "GET"],
  ];
  for (const [method, path, allow] of table) {
    const res = await api.json(method, path);
    assertProblem(res, 405, "method-not-allowed");
    assert.equal(res.headers.get("allow"), allow, `${method} ${path}`);
  }
});

Deno.test("web - unknown page paths get the HTML 404 page", async () => {
  await using server = await startTestServer();
  const res = await server.client().request("GET", "/no/such/page", undefined, {
    accept: "text/html",
  });
  assert.equal(res.status, 404);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  const html = await res.text();
  assert.match(html, /<!doctype html>/i);
  assert.match(html, /Page not found/);
});

Deno.test("web - security headers are on every response", async () => {
  await using server = await startTestServer();
  for (const path of ["/", "/api/v1/users/me", "/healthz", "/nope"]) {
    const res = await server.client().request("GET", path);
    await res.body?.cancel();
    const csp = res.headers.get("content-security-policy") ?? "";
    const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"));
    assert.ok(scriptSrc, `${path} has script-src`);
    assert.doesNotMatch(scriptSrc, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /object-src 'none'/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.ok(res.headers.get("referrer-policy"));
  }
});

Deno.test("web - built bundles and hashed stylesheets are immutable", async () => {
  await using server = await startTestServer();
  const manifest = JSON.parse(await Deno.readTextFile("static/_build/manifest.json"));
  const boot = await server.client().request("GET", manifest.boot);
  assert.equal(boot.status, 200);
  assert.match(boot.headers.get("cache-control") ?? "", /immutable/);
  assert.match(boot.headers.get("content-type") ?? "", /javascript/);
  await boot.body?.cancel();
  const styles = await server.client().request("GET", manifest.styles);
  assert.equal(styles.status, 200);
  assert.match(styles.headers.get("content-type") ?? "", /text\/css/);
  assert.match(styles.headers.get("cache-control") ?? "", /immutable/);
  await styles.body?.cancel();
  const hash = server.deps.staticHashes["/static/api-docs.css"];
  assert.match(hash, /^[0-9a-f]{12}$/);
  const css = await server.client().request("GET", `/static/api-docs.css?v=${hash}`);
  assert.equal(css.status, 200);
  assert.match(css.headers.get("cache-control") ?? "", /max-age=31536000.*immutable/);
  await css.body?.cancel();
  const stale = await server.client().request("GET", "/static/api-docs.css?v=000000000000");
  assert.doesNotMatch(stale.headers.get("cache-control") ?? "", /immutable/);
  await stale.body?.cancel();
  const page = await (await server.client().request("GET", "/", undefined, { accept: "text/html" }))
    .text();
  assert.ok(page.includes(`href="${manifest.styles}"`), "pages link the built stylesheet");
  const docs = await (await server.client().request("GET", "/docs/api")).text();
  assert.ok(docs.includes(`/static/api-docs.css?v=${hash}`), "page stylesheets carry their hash");
});

Deno.test("web - path traversal out of /static is refused", async () => {
  await using server = await startTestServer();
  const targets = [
    "/static/../deno.json",
    "/static/%2e%2e/deno.json",
    "/static/%2E%2E/%2E%2E/etc/passwd",
    "/static/..%2fdeno.json",
    "/static/%2e%2e%2fdeno.json",
    "/static/_build/../../deno.json",
    "/static/..\\deno.json",
    "/static/%252e%252e/deno.json",
  ];
  for (const target of targets) {
    const res = await rawGet(server, target);
    assert.ok(res.status === 404 || res.status === 400, `${target}: ${res.status}`);
    assert.doesNotMatch(res.text, /"compilerOptions"|root:x:0/, target);
  }
});

Deno.test("web - /healthz, /readyz and /metrics", async () => {
  await using server = await startTestServer();
  const api = apiClient(server);
  const health = await api.json("GET", "/healthz");
  assert.equal(health.status, 200);
  assert.deepEqual(health.body, { status: "ok" });
  const ready = await api.json("GET", "/readyz");
  assert.equal(ready.status, 200);
  assert.equal(ready.body.checks.database, "ok");
  await api.json("GET", "/api/v1/users/some-id");
  const metrics = await api.request("GET", "/metrics");
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain/);
  const text = await metrics.text();
  assert.match(
    text,
    /http_requests_total\{route="\/api\/v1\/users\/:id",method="GET",status="404"\} 1/,
  );
  assert.match(
    text,
    /http_request_duration_seconds_bucket\{route="\/api\/v1\/users\/:id",method="GET",le="\+Inf"\} 1/,
  );
  assert.doesNotMatch(text, /some-id/, "no ids in labels");
});

Deno.test("web - /metrics needs the token when METRICS_TOKEN is set", async () => {
  const token = "metrics-token-0123456789";
  await using server = await startTestServer({ env: { METRICS_TOKEN: token } });
  assertProblem(await apiClient(server).json("GET", "/metrics"), 401, "unauthenticated");
  const ok = await apiClient(server).request("GET", "/metrics", undefined, {
    authorization: `Bearer ${token}`,
  });
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
});

Deno.test("web - X-Request-Id is echoed when sane and generated otherwise", async () => {
  await using server = await startTestServer();
  const api = apiClient(server);
  const echoed = await api.request("GET", "/healthz", undefined, { "x-request-id": "abc-123.x" });
  assert.equal(echoed.headers.get("x-request-id"), "abc-123.x");
  await echoed.body?.cancel();
  for (const bad of [undefined, "has spaces", "x".repeat(101), "<script>"]) {
    const res = await api.request("GET", "/healthz", undefined, bad ? { "x-request-id": bad } : {});
    const id = res.headers.get("x-request-id") ?? "";
    assert.match(id, /^[0-9a-f-]{36}$/, String(bad));
    await res.body?.cancel();
  }
  const problem = await api.request("GET", "/api/v1/nope", undefined, { "x-request-id": "req-9" });
  assert.equal(problem.headers.get("x-request-id"), "req-9");
  await problem.body?.cancel();
});

Deno.test("web - a chunked body over 1 MB without Content-Length answers 413", async () => {
  await using server = await startTestServer();
  const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < 20) controller.enqueue(chunk);
      else controller.close();
    },
  });
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.1" },
    body: stream,
  });
  assert.equal(res.status, 413);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  await res.body?.cancel();
});
