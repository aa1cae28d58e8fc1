/**
 * Structured logging: one JSON object per line on stdout. The only place that writes to the
 * console; everything else receives a Logger.
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const encoder = new TextEncoder();

export function createLogger(
  level: LogLevel,
  base: Fields = {},
  write: (line: string) => void = (line) => Deno.stdout.writeSync(encoder.encode(line + "\n")),
): Logger {
  const at = (lvl: Exclude<LogLevel, "silent">) => (msg: string, fields: Fields = {}) => {
    if (RANK[lvl] < RANK[level]) return;
    write(
      JSON.stringify(
        { time: new Date().toISOString(), level: lvl, msg, ...base, ...fields },
        errorReplacer,
      ),
    );
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}

/**
 * A logger that adds fields computed at each call: the request's user is known only after the
 * auth middleware ran, and every line logged after that should name them.
 */
export function withLazyFields(log: Logger, fields: () => Fields): Logger {
  const at = (lvl: Exclude<LogLevel, "silent">) => (msg: string, extra: Fields = {}) =>
    log[lvl](msg, { ...fields(), ...extra });
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (more) => withLazyFields(log.child(more), fields),
  };
}
