/**
 * One load-generator process (started by bench/ws_load.ts): reads its plan from the JSON file
 * named by its argument, connects its clients, reports `connected`, waits for `start` on stdin,
 * sends its share of the message rate from its senders round-robin for the duration, then waits
 * for the last acks and deliveries and reports counts and a latency histogram on stdout.
 *
 * Every recipient checks what it gets: a (conversation, seq) seen twice or a per-sender counter
 * not above the last one is a duplicate; a per-sender counter that skips is a gap.
 */
import {
  type ClientSpec,
  decodeContent,
  encodeContent,
  newHistogram,
  nowMs,
  record,
  type WorkerCommand,
  type WorkerEvent,
  type WorkerPlan,
  type WorkerReport,
} from "./shared.ts";
import { openClient, type ProtocolClient } from "./protocols.ts";

const encoder = new TextEncoder();
function emit(event: WorkerEvent) {
  Deno.stdout.writeSync(encoder.encode(JSON.stringify(event) + "\n"));
}

interface Live {
  spec: ClientSpec;
  socket: WebSocket;
  client: ProtocolClient;
  counter: number;
  /** Per conversation: seqs received. */
  seqs: Map<string, Set<number>>;
  /** Per sender index: the last counter received. */
  lastCounter: Map<number, number>;
}

const plan: WorkerPlan = JSON.parse(await Deno.readTextFile(Deno.args[0]));
const PADDING = "x".repeat(40);
const report: WorkerReport = {
  connected: [],
  ackedByClient: {},
  sent: 0,
  acked: 0,
  sendErrors: 0,
  sendErrorKinds: {},
  ackedByConversation: {},
  received: {},
  duplicates: 0,
  counterGaps: 0,
  deliveries: 0,
  windowDeliveries: 0,
  histogram: newHistogram(),
  maxMs: 0,
  closes: {},
  sendStartedAt: 0,
  sendEndedAt: 0,
};
let measureFrom = Infinity;
let measureUntil = Infinity;
let lastDeliveryAt = 0;
let running = false;

function connectOne(spec: ClientSpec): Promise<Live | string> {
  const base = plan.urls[spec.index % plan.urls.length];
  return new Promise((resolve) => {
    let settled = false;
    const live: Live = {
      spec,
      counter: 0,
      seqs: new Map(),
      lastCounter: new Map(),
      ...openClient(plan.target, base, spec, {
        ready() {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(live);
        },
        ack(conversation) {
          report.acked++;
          report.ackedByClient[spec.index] = (report.ackedByClient[spec.index] ?? 0) + 1;
          report.ackedByConversation[conversation] =
            (report.ackedByConversation[conversation] ?? 0) + 1;
        },
        sendError(kind) {
          report.sendErrors++;
          report.sendErrorKinds[kind] = (report.sendErrorKinds[kind] ?? 0) + 1;
        },
        delivery(conversation, seq, content) {
          const at = nowMs();
          lastDeliveryAt = at;
          report.deliveries++;
          const decoded = decodeContent(content);
          if (seq !== null) {
            let seen = live.seqs.get(conversation);
            if (!seen) live.seqs.set(conversation, seen = new Set());
            if (seen.has(seq)) {
              report.duplicates++;
              return;
            }
            seen.add(seq);
          }
          if (!decoded) return;
          const last = live.lastCounter.get(decoded.sender) ?? -1;
          if (decoded.counter <= last) {
            report.duplicates++;
            return;
          }
          if (decoded.counter > last + 1) report.counterGaps += decoded.counter - last - 1;
          live.lastCounter.set(decoded.sender, decoded.counter);
          const key = `${spec.index}|${conversation}`;
          report.received[key] = (report.received[key] ?? 0) + 1;
          if (at >= measureFrom && at <= measureUntil) report.windowDeliveries++;
          if (decoded.sentAt >= measureFrom) {
            const ms = at - decoded.sentAt;
            record(report.histogram, ms);
            if (ms > report.maxMs) report.maxMs = ms;
          }
        },
      }),
    };
    const timer = setTimeout(() => fail("timeout"), plan.connectTimeoutMs);
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        live.socket.close();
      } catch {
        // not open
      }
      resolve(why);
    };
    live.socket.onerror = () => fail("error");
    live.socket.onclose = (e) => {
      if (!settled) return fail(`close ${e.code}`);
      if (running) report.closes[e.code] = (report.closes[e.code] ?? 0) + 1;
    };
  });
}

async function connectAll(): Promise<Live[]> {
  const lives: Live[] = [];
  const errors = new Map<string, number>();
  let next = 0;
  const t0 = performance.now();
  async function lane() {
    while (next < plan.clients.length) {
      const result = await connectOne(plan.clients[next++]);
      if (typeof result === "string") errors.set(result, (errors.get(result) ?? 0) + 1);
      else {
        lives.push(result);
        report.connected.push(result.spec.index);
      }
    }
  }
  await Promise.all(Array.from({ length: plan.connectConcurrency }, lane));
  emit({
    type: "connected",
    worker: plan.worker,
    ok: lives.length,
    failed: plan.clients.length - lives.length,
    ms: performance.now() - t0,
    errors: [...errors].map(([k, v]) => `${k} ×${v}`),
  });
  return lives;
}

async function sendFor(lives: Live[], startAt: number) {
  const senders = lives.filter((l) => l.spec.sends);
  measureFrom = startAt + plan.warmupMs;
  measureUntil = startAt + plan.durationMs;
  running = true;
  await new Promise((r) => setTimeout(r, Math.max(0, startAt - nowMs())));
  report.sendStartedAt = nowMs();
  let turn = 0;
  let scheduled = 0;
  if (senders.length && plan.rate > 0) {
    await new Promise<void>((done) => {
      const timer = setInterval(() => {
        const elapsed = nowMs() - startAt;
        const due = Math.min(elapsed, plan.durationMs) * plan.rate / 1000;
        while (scheduled < Math.floor(due)) {
          scheduled++;
          const live = senders[turn++ % senders.length];
          if (live.socket.readyState === WebSocket.OPEN) {
            const n = live.counter++;
            live.client.send(
              live.spec.conversations[0],
              `b-${live.spec.index}-${n}`,
              encodeContent(live.spec.index, n, PADDING),
            );
            report.sent++;
          }
        }
        if (elapsed >= plan.durationMs) {
          clearInterval(timer);
          done();
        }
      }, 5);
    });
  } else {
    await new Promise((r) => setTimeout(r, plan.durationMs));
  }
  report.sendEndedAt = nowMs();
  // Drain: every send answered (ack or error), then 2 s without a delivery (at most 30 s).
  const deadline = nowMs() + 30_000;
  while (nowMs() < deadline) {
    const answered = report.acked + report.sendErrors >= report.sent;
    if (answered && nowMs() - Math.max(lastDeliveryAt, report.sendEndedAt) > 2_000) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  running = false;
}

async function readCommands(onCommand: (c: WorkerCommand) => void) {
  let buffered = "";
  for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      onCommand(JSON.parse(buffered.slice(0, nl)));
      buffered = buffered.slice(nl + 1);
    }
  }
}

const lives = await connectAll();
const start = Promise.withResolvers<number>();
const finish = Promise.withResolvers<void>();
void readCommands((c) => c.type === "start" ? start.resolve(c.at) : finish.resolve());
await sendFor(lives, await start.promise);
emit({ type: "report", worker: plan.worker, report });
await finish.promise;
for (const live of lives) {
  try {
    live.socket.close(1000);
  } catch {
    // already closed
  }
}
Deno.exit(0);
