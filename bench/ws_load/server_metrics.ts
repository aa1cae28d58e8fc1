/**
 * Reads WorkMate's own histograms off /metrics at the end of a run, so a result says where the
 * time went on the server side: waiting for the database write lock, inside write transactions,
 * local versus cross-instance delivery, socket authentication.
 */
const WATCHED = [
  "db_write_wait_seconds",
  "db_write_duration_seconds",
  "ws_delivery_latency_seconds",
  "ws_auth_seconds",
  "bus_publish_duration_seconds",
] as const;

export interface HistogramSummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** name{labels} → summary, merged over every instance scraped. */
export type ServerHistograms = Record<string, HistogramSummary>;

interface Series {
  buckets: Map<number, number>;
  sum: number;
  count: number;
}

export async function scrapeHistograms(
  ports: number[],
  token: string,
): Promise<ServerHistograms> {
  const merged = new Map<string, Series>();
  for (const port of ports) {
    for (const line of await metricsLines(port, token)) addLine(merged, line);
  }
  const out: ServerHistograms = {};
  for (const [key, s] of merged) {
    if (s.count === 0) continue;
    out[key] = {
      count: s.count,
      p50Ms: quantile(s, 0.5) * 1000,
      p99Ms: quantile(s, 0.99) * 1000,
      meanMs: s.sum / s.count * 1000,
    };
  }
  return out;
}

async function metricsLines(port: number, token: string): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`/metrics on port ${port} answered ${res.status}`);
  return (await res.text()).split("\n");
}

function addLine(merged: Map<string, Series>, line: string) {
  const m = line.match(/^(\w+)_(bucket|sum|count)(?:\{(.*)\})? (\S+)$/);
  if (!m || !(WATCHED as readonly string[]).includes(m[1])) return;
  const [, name, part, labelText = "", value] = m;
  const labels = labelText.split(",").filter((l) => l && !l.startsWith("le="));
  const key = labels.length ? `${name}{${labels.join(",")}}` : name;
  const series = merged.get(key) ?? { buckets: new Map(), sum: 0, count: 0 };
  merged.set(key, series);
  if (part === "sum") series.sum += Number(value);
  else if (part === "count") series.count += Number(value);
  else {
    const le = labelText.match(/le="([^"]+)"/)![1];
    const bound = le === "+Inf" ? Infinity : Number(le);
    series.buckets.set(bound, (series.buckets.get(bound) ?? 0) + Number(value));
  }
}

/** Linear interpolation inside the bucket holding the quantile (as Prometheus does). */
function quantile(s: Series, q: number): number {
  const bounds = [...s.buckets.keys()].sort((a, b) => a - b);
  const rank = q * s.count;
  let lower = 0;
  let below = 0;
  for (const bound of bounds) {
    const cumulative = s.buckets.get(bound)!;
    if (cumulative >= rank) {
      if (bound === Infinity) return lower;
      const inBucket = cumulative - below;
      return lower + (bound - lower) * (inBucket ? (rank - below) / inBucket : 0);
    }
    lower = bound;
    below = cumulative;
  }
  return lower;
}

const MEMORY_GAUGES = [
  "process_resident_memory_bytes",
  "process_heap_used_bytes",
  "process_heap_total_bytes",
  "process_external_memory_bytes",
] as const;

/** The memory gauges summed over the instances, in MB: where a connection's bytes live. */
export async function scrapeMemory(
  ports: number[],
  token: string,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const port of ports) {
    for (const line of await metricsLines(port, token)) {
      const [name, value] = line.split(" ");
      if ((MEMORY_GAUGES as readonly string[]).includes(name)) {
        const key = name.replace(/^process_|_bytes$/g, "");
        out[key] = (out[key] ?? 0) + Number(value) / 1024 / 1024;
      }
    }
  }
  return out;
}
