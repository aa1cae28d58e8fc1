/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered in the text
 * exposition format at /metrics. Each app gets its own registry (no module-level state).
 */
type Labels = Record<string, string>;

const DEFAULT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** For sub-millisecond paths (an in-process publish, a loopback PING). */
export const FAST_BUCKETS = [
  0.0001,
  0.00025,
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  1,
];

interface Series {
  labels: Labels;
  value: number;
}

interface HistogramSeries {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
}

export class Counter {
  readonly #series = new Map<string, Series>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1) {
    const key = labelKey(labels);
    const s = this.#series.get(key) ?? { labels, value: 0 };
    s.value += by;
    this.#series.set(key, s);
  }
  render(type = "counter"): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${type}`];
    for (const s of this.#series.values()) {
      lines.push(`${this.name}${fmtLabels(s.labels)} ${s.value}`);
    }
    return lines.join("\n");
  }
}

/** One labelled value of a gauge that reports several series (e.g. jobs by status). */
export interface GaugeSample {
  labels: Labels;
  value: number;
}

export class Gauge {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly collect: () => number | GaugeSample[] | Promise<number | GaugeSample[]>,
  ) {}
  async render(): Promise<string> {
    const value = await this.collect();
    const samples = typeof value === "number" ? [{ labels: {}, value }] : value;
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} gauge`,
      ...samples.map((s) => `${this.name}${fmtLabels(s.labels)} ${s.value}`),
    ].join("\n");
  }
}

export class Histogram {
  readonly #series = new Map<string, HistogramSeries>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[] = DEFAULT_BUCKETS,
  ) {}
  observe(labels: Labels, seconds: number) {
    const key = labelKey(labels);
    let s = this.#series.get(key);
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, s);
    }
    for (let i = 0; i < this.buckets.length; i++) if (seconds <= this.buckets[i]) s.counts[i]++;
    s.sum += seconds;
    s.count++;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.#series.values()) {
      this.buckets.forEach((le, i) =>
        lines.push(
          `${this.name}_bucket${fmtLabels({ ...s.labels, le: String(le) })} ${s.counts[i]}`,
        )
      );
      lines.push(`${this.name}_bucket${fmtLabels({ ...s.labels, le: "+Inf" })} ${s.count}`);
      lines.push(`${this.name}_sum${fmtLabels(s.labels)} ${s.sum}`);
      lines.push(`${this.name}_count${fmtLabels(s.labels)} ${s.count}`);
    }
    return lines.join("\n");
  }
}

export class MetricsRegistry {
  readonly #items: (Counter | Gauge | Histogram)[] = [];
  counter(name: string, help: string) {
    return this.#add(new Counter(name, help));
  }
  gauge(name: string, help: string, collect: Gauge["collect"]) {
    return this.#add(new Gauge(name, help, collect));
  }
  histogram(name: string, help: string, buckets?: number[]) {
    return this.#add(new Histogram(name, help, buckets));
  }
  async render(): Promise<string> {
    const parts = await Promise.all(this.#items.map((m) => m.render()));
    return parts.join("\n") + "\n";
  }
  #add<T extends Counter | Gauge | Histogram>(metric: T): T {
    this.#items.push(metric);
    return metric;
  }
}

/** The metrics every instance exposes; later features add theirs to the same registry. */
export function createAppMetrics(registry = new MetricsRegistry()) {
  // A plain holder: the observe middleware moves it, the gauge reads it at scrape time.
  const httpInFlight = { value: 0 };
  registry.gauge(
    "http_requests_in_flight",
    "HTTP requests being handled now (a draining instance shows them finish)",
    () => httpInFlight.value,
  );
  return {
    registry,
    httpInFlight,
    httpRequests: registry.counter(
      "http_requests_total",
      "HTTP requests by route, method and status",
    ),
    httpDuration: registry.histogram(
      "http_request_duration_seconds",
      "HTTP request latency by route and method",
    ),
    jobsProcessed: registry.counter(
      "jobs_processed_total",
      "Background jobs finished, by kind and outcome",
    ),
    // Fed by db/client.ts's onWrite callback (db/ imports nothing from here).
    dbWrite: registry.histogram(
      "db_write_duration_seconds",
      "Write transactions: time from BEGIN to COMMIT/ROLLBACK, by outcome",
    ),
    dbWriteWait: registry.histogram(
      "db_write_wait_seconds",
      "Time a write transaction queued for the write lock: behind this process's other writes, then other processes' on the same file",
    ),
    busPublish: registry.histogram(
      "bus_publish_duration_seconds",
      "Bus publish calls until the bus accepted the event, by topic kind",
      FAST_BUCKETS,
    ),
    busPublishErrors: registry.counter(
      "bus_publish_errors_total",
      "Bus publish calls that failed, by topic kind",
    ),
    redisPing: registry.histogram(
      "redis_ping_duration_seconds",
      "Round trip of a periodic Redis PING (only when REDIS_URL is set)",
      FAST_BUCKETS,
    ),
    redisPingErrors: registry.counter("redis_ping_errors_total", "Redis PINGs that failed"),
  };
}
export type AppMetrics = ReturnType<typeof createAppMetrics>;

function labelKey(labels: Labels) {
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(",");
}

function fmtLabels(labels: Labels) {
  const keys = Object.keys(labels);
  if (keys.length === 0) return "";
  const escape = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  return `{${keys.map((k) => `${k}="${escape(labels[k])}"`).join(",")}}`;
}
