import assert from "node:assert/strict";
import { createAppMetrics, MetricsRegistry } from "./metrics.ts";

Deno.test("metrics - counters render HELP, TYPE and one line per label set", async () => {
  const registry = new MetricsRegistry();
  const c = registry.counter("things_total", "Things counted");
  c.inc({ kind: "a" });
  c.inc({ kind: "a" }, 2);
  c.inc({ kind: "b" });
  assert.equal(
    await registry.render(),
    [
      "# HELP things_total Things counted",
      "# TYPE things_total counter",
      'things_total{kind="a"} 3',
      'things_total{kind="b"} 1',
      "",
    ].join("\n"),
  );
});

Deno.test("metrics - label order does not split a series", async () => {
  const registry = new MetricsRegistry();
  const c = registry.counter("x_total", "x");
  c.inc({ a: "1", b: "2" });
  c.inc({ b: "2", a: "1" });
  assert.match(await registry.render(), /x_total\{a="1",b="2"\} 2\n/);
});

Deno.test("metrics - label values are escaped", async () => {
  const registry = new MetricsRegistry();
  registry.counter("esc_total", "escapes").inc({ v: 'say "hi"\\\n' });
  assert.match(await registry.render(), /esc_total\{v="say \\"hi\\"\\\\\\n"\} 1/);
});

Deno.test("metrics - histograms render cumulative buckets, +Inf, sum and count", async () => {
  const registry = new MetricsRegistry();
  const h = registry.histogram("latency_seconds", "Latency", [0.1, 1]);
  h.observe({ route: "/x" }, 0.05);
  h.observe({ route: "/x" }, 0.5);
  h.observe({ route: "/x" }, 3);
  const text = await registry.render();
  assert.match(text, /# TYPE latency_seconds histogram/);
  assert.match(text, /latency_seconds_bucket\{route="\/x",le="0.1"\} 1\n/);
  assert.match(text, /latency_seconds_bucket\{route="\/x",le="1"\} 2\n/);
  assert.match(text, /latency_seconds_bucket\{route="\/x",le="\+Inf"\} 3\n/);
  assert.match(text, /latency_seconds_sum\{route="\/x"\} 3.55\n/);
  assert.match(text, /latency_seconds_count\{route="\/x"\} 3\n/);
});

Deno.test("metrics - gauges collect their value at render time", async () => {
  const registry = new MetricsRegistry();
  let n = 1;
  registry.gauge("queue_depth", "Jobs waiting", () => n);
  assert.match(await registry.render(), /queue_depth 1\n/);
  n = 7;
  assert.match(await registry.render(), /# TYPE queue_depth gauge\nqueue_depth 7\n/);
});

Deno.test("metrics - every line of the app metrics is valid exposition text", async () => {
  const m = createAppMetrics();
  m.httpRequests.inc({ route: "/api/v1/users/:id", method: "GET", status: "200" });
  m.httpDuration.observe({ route: "/api/v1/users/:id", method: "GET" }, 0.012);
  m.jobsProcessed.inc({ kind: "mail.send", outcome: "done" });
  const text = await m.registry.render();
  assert.ok(text.endsWith("\n"));
  const sample =
    /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_]\w*="([^"\\]|\\.)*",?)*\})? [-+0-9.eE]+(Inf)?$/;
  for (const line of text.trimEnd().split("\n")) {
    if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    assert.match(line, sample);
  }
  for (
    const name of ["http_requests_total", "http_request_duration_seconds", "jobs_processed_total"]
  ) {
    assert.match(text, new RegExp(`# TYPE ${name} `));
  }
});
