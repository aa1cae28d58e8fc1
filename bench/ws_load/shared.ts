/**
 * What the load orchestrator (bench/ws_load.ts) and its client workers (worker.ts) share: the
 * plan a worker receives, the report it sends back, the latency histogram both merge, and the
 * message content format that carries the send time and a per-sender counter.
 */

export type Target = "workmate" | "socketio";
export type Scenario = "s1" | "s2" | "s3";

/** One simulated user: who they are, how they authenticate, what they are in. */
export interface ClientSpec {
  /** Index of the user in the run (also the sender id in message content). */
  index: number;
  userId: string;
  /** WorkMate: an access token (Bearer). Socket.IO: unused (the reference server trusts the id). */
  token: string;
  /** Conversations (WorkMate ids; Socket.IO room names: the same strings). */
  conversations: string[];
  /** Whether this client sends messages (the conversation to send to is the first one). */
  sends: boolean;
}

export interface WorkerPlan {
  worker: number;
  target: Target;
  /** ws:// base URLs of the server(s); client i uses urls[i % urls.length]. */
  urls: string[];
  clients: ClientSpec[];
  /** Messages per second this worker sends, spread over its senders. */
  rate: number;
  durationMs: number;
  /** Latencies of messages sent in the first warmupMs are not recorded (counts still are). */
  warmupMs: number;
  /** Connection attempts in flight at once. */
  connectConcurrency: number;
  /** How long a connection may take to authenticate before it counts as failed. */
  connectTimeoutMs: number;
}

/** Worker → orchestrator, one JSON object per stdout line. */
export type WorkerEvent =
  | { type: "connected"; worker: number; ok: number; failed: number; ms: number; errors: string[] }
  | { type: "report"; worker: number; report: WorkerReport }
  | { type: "log"; worker: number; message: string };

/** Orchestrator → worker, one JSON object per stdin line. */
export type WorkerCommand = { type: "start"; at: number } | { type: "finish" };

export interface ConversationTally {
  /** Acknowledged messages sent by this worker's clients into the conversation. */
  acked: number;
}

export interface WorkerReport {
  /** Indexes of this worker's clients that authenticated. */
  connected: number[];
  /** Acknowledged messages per sending client index. */
  ackedByClient: Record<number, number>;
  sent: number;
  acked: number;
  sendErrors: number;
  sendErrorKinds: Record<string, number>;
  /** Acks per conversation from this worker's senders (to compute expected deliveries). */
  ackedByConversation: Record<string, number>;
  /** Unique deliveries per (client index, conversation): "index|conversation" → count. */
  received: Record<string, number>;
  duplicates: number;
  /** Deliveries whose per-sender counter skipped (an earlier message never came). */
  counterGaps: number;
  deliveries: number;
  /** Deliveries received during the measured window (after warm-up, before the end). */
  windowDeliveries: number;
  histogram: number[];
  maxMs: number;
  /** Connections that closed during the run, by close code. */
  closes: Record<string, number>;
  sendStartedAt: number;
  sendEndedAt: number;
}

/** Latency buckets: 0.1 ms wide up to 10 s, then one overflow bucket. */
export const BUCKET_MS = 0.1;
export const BUCKETS = 100_001;

export function newHistogram(): number[] {
  return new Array(BUCKETS).fill(0);
}

export function record(hist: number[], ms: number): void {
  const i = Math.min(BUCKETS - 1, Math.max(0, Math.floor(ms / BUCKET_MS)));
  hist[i]++;
}

export function mergeHistograms(into: number[], from: number[]): void {
  for (let i = 0; i < BUCKETS; i++) into[i] += from[i];
}

/** The latency at quantile q (0..1): the upper edge of the bucket holding it. */
export function quantile(hist: number[], q: number): number {
  const total = hist.reduce((a, b) => a + b, 0);
  if (total === 0) return NaN;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += hist[i];
    if (seen >= rank) return (i + 1) * BUCKET_MS;
  }
  return Infinity;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Message content: `b|<sender index>|<counter>|<send time ms>|` plus padding. */
export function encodeContent(sender: number, counter: number, padding: string): string {
  return `b|${sender}|${counter}|${nowMs().toFixed(3)}|${padding}`;
}

export function decodeContent(
  content: string,
): { sender: number; counter: number; sentAt: number } | null {
  const parts = content.split("|", 4);
  if (parts.length < 4 || parts[0] !== "b") return null;
  return { sender: Number(parts[1]), counter: Number(parts[2]), sentAt: Number(parts[3]) };
}
