/**
 * Configuration: every environment variable WorkMate reads, validated once at start-up.
 * A bad value stops start-up with a message naming the variable; README.md lists them all.
 */
import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const IceServers = z.array(z.strictObject({
  urls: z.union([
    z.string().regex(/^(stun|turns?):/),
    z.array(z.string().regex(/^(stun|turns?):/)).min(1),
  ]),
  username: z.string().optional(),
  credential: z.string().optional(),
})).max(10);

const port = z.coerce.number({ message: "must be a port number (0-65535)" }).int().min(0).max(
  65535,
);

export const ConfigSchema = z.object({
  PORT: port.default(8000),
  HOSTNAME: z.string().min(1).default("0.0.0.0"),
  APP_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Public origin, used for links in mail and the CSRF origin check. */
  APP_ORIGIN: z.url().optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  LIBSQL_URL: z.string().regex(
    /^(file:|libsql:|https?:|wss?:)/,
    "must start with file:, libsql:, http(s): or ws(s):",
  ).optional(),
  LIBSQL_AUTH_TOKEN: z.string().min(1).optional(),
  LIBSQL_SYNC_URL: z.string().regex(
    /^(libsql:|https?:|wss?:)/,
    "must start with libsql:, http(s): or ws(s):",
  ).optional(),
  LIBSQL_SYNC_INTERVAL: z.coerce.number().int().min(1).default(15),
  DB_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).default(5000),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().min(3).default("WorkMate <no-reply@workmate.local>"),
  TRUST_PROXY: bool.default(false),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /**
   * ICE servers for calls, as JSON: [{"urls":"stun:stun.example.org:3478"},
   * {"urls":"turn:turn.example.org:3478","username":"u","credential":"p"}]. Empty: host
   * candidates only (enough on one network; real deployments need STUN and TURN).
   */
  ICE_SERVERS: z.string().default("[]").transform((raw, ctx) => {
    try {
      return IceServers.parse(JSON.parse(raw));
    } catch {
      ctx.addIssue({
        code: "custom",
        message: 'must be a JSON array of {"urls", "username"?, "credential"?}',
      });
      return z.NEVER;
    }
  }),
  /**
   * Redis for several instances (bus, presence, rate limits, cron leases): redis://[:password@]
   * host:port[/db] or rediss:// for TLS. Unset: one process, everything in memory.
   */
  REDIS_URL: z.string().regex(/^rediss?:\/\/[^/]/, "must start with redis:// or rediss://")
    .optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  INSTANCE_ID: z.string().min(1).optional(),
  JOB_POLL_MS: z.coerce.number().int().min(10).default(500),
});

export type Env = z.infer<typeof ConfigSchema>;

export interface Config extends Omit<Env, "LIBSQL_URL" | "JWT_SECRET" | "INSTANCE_ID"> {
  LIBSQL_URL: string;
  JWT_SECRET: string;
  INSTANCE_ID: string;
  isProduction: boolean;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Validates `env` (a plain record, `Deno.env.toObject()` in main) and returns typed settings. */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in ConfigSchema.shape && v !== undefined && v !== ""),
  );
  const result = ConfigSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

/**
 * Fills what development can generate: the database path under DATA_DIR and a JWT secret
 * stored in DATA_DIR so sessions survive restarts. Production must set JWT_SECRET itself.
 */
export async function loadConfig(env: Record<string, string | undefined>): Promise<Config> {
  const parsed = parseEnv(env);
  const isProduction = parsed.APP_ENV === "production";
  if (isProduction && !parsed.JWT_SECRET) {
    throw new ConfigError("Invalid configuration:\n  JWT_SECRET: required when APP_ENV=production");
  }
  if (isProduction && !parsed.APP_ORIGIN) {
    // Without it, mailed links (password reset) follow the request's Host header, which a
    // client can forge to have a victim's reset token sent to its own site.
    throw new ConfigError("Invalid configuration:\n  APP_ORIGIN: required when APP_ENV=production");
  }
  await Deno.mkdir(parsed.DATA_DIR, { recursive: true });
  const jwtSecret = parsed.JWT_SECRET ?? await readOrCreateSecret(`${parsed.DATA_DIR}/jwt_secret`);
  return {
    ...parsed,
    LIBSQL_URL: parsed.LIBSQL_URL ?? `file:${parsed.DATA_DIR}/workmate.db`,
    JWT_SECRET: jwtSecret,
    INSTANCE_ID: parsed.INSTANCE_ID ?? `${Deno.hostname()}-${Deno.pid}`,
    isProduction,
  };
}

async function readOrCreateSecret(path: string): Promise<string> {
  try {
    const existing = (await Deno.readTextFile(path)).trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  const bytes = crypto.getRandomValues(new Uint8Array(48));
  const secret = btoa(String.fromCharCode(...bytes));
  await Deno.writeTextFile(path, secret + "\n", { mode: 0o600 });
  return secret;
}
