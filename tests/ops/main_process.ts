/**
 * main.ts as a subprocess, for what only a real process shows: signals, exit codes, a restart
 * on the same port and data directory. Its JSON log lines are kept and can be waited for.
 */
const MAIN = new URL("../../main.ts", import.meta.url).pathname;

export type LogLine = Record<string, unknown> & { msg: string };

export interface MainProcess {
  child: Deno.ChildProcess;
  url: string;
  port: number;
  logs: LogLine[];
  /** The first log line (from the start) matching `match`; waits for it. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit status once the process is gone and its output read. */
  exited: Promise<Deno.CommandStatus>;
  kill(signal?: Deno.Signal): void;
}

export async function startMain(
  opts: { dataDir: string; port?: number; env?: Record<string, string> },
): Promise<MainProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-cron", MAIN],
    env: {
      PORT: String(opts.port ?? 0),
      HOSTNAME: "127.0.0.1",
      APP_ENV: "test",
      DATA_DIR: opts.dataDir,
      LOG_LEVEL: "info",
      TRUST_PROXY: "true",
      ...opts.env,
    },
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  // Read to the end, always: a server blocked on a full pipe would look like a hang.
  const drained = (async () => {
    let buffered = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          logs.push(JSON.parse(line));
        } catch {
          // not a log line
        }
      }
      wake();
    }
    wake();
  })();
  let done = false;
  const exited = Promise.all([child.status, drained]).then(([status]) => {
    done = true;
    wake();
    return status;
  });

  function waitForLog(match: (line: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = logs.find(match);
        if (found) finish(() => resolve(found));
        else if (done) finish(() => reject(new Error("the process exited without that log line")));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error("timed out waiting for a log line"))),
        timeoutMs,
      );
      const finish = (then: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        then();
      };
      waiters.add(check);
      check();
    });
  }

  const listening = await waitForLog((l) => l.msg === "listening", 30_000);
  return {
    child,
    url: String(listening.url),
    port: Number(listening.port),
    logs,
    waitForLog,
    exited,
    kill(signal = "SIGTERM") {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    },
  };
}
