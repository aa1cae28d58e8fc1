import assert from "node:assert/strict";
import { ConfigError, loadConfig, parseEnv } from "./config.ts";

Deno.test("config - defaults apply when nothing is set", () => {
  const env = parseEnv({});
  assert.equal(env.PORT, 8000);
  assert.equal(env.APP_ENV, "development");
  assert.equal(env.TRUST_PROXY, false);
  assert.equal(env.DB_BUSY_TIMEOUT_MS, 5000);
});

Deno.test("config - values are coerced and unrelated variables ignored", () => {
  const env = parseEnv({ PORT: "0", TRUST_PROXY: "1", JOB_POLL_MS: "25", PATH: "/bin", EMPTY: "" });
  assert.equal(env.PORT, 0);
  assert.equal(env.TRUST_PROXY, true);
  assert.equal(env.JOB_POLL_MS, 25);
  assert.equal("PATH" in env, false);
});

Deno.test("config - REDIS_URL takes redis:// and rediss://, and is unset by default", () => {
  assert.equal(parseEnv({}).REDIS_URL, undefined);
  assert.equal(
    parseEnv({ REDIS_URL: "redis://:pw@cache:6379/1" }).REDIS_URL,
    "redis://:pw@cache:6379/1",
  );
  assert.equal(parseEnv({ REDIS_URL: "rediss://cache:6380" }).REDIS_URL, "rediss://cache:6380");
});

Deno.test("config - a bad value names the variable in the message", () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ APP_ENV: "staging" }, "APP_ENV"],
    [{ TRUST_PROXY: "yes" }, "TRUST_PROXY"],
    [{ JWT_SECRET: "short" }, "JWT_SECRET"],
    [{ LIBSQL_URL: "postgres://x" }, "LIBSQL_URL"],
    [{ SMTP_URL: "http://x" }, "SMTP_URL"],
    [{ APP_ORIGIN: "not a url" }, "APP_ORIGIN"],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL"],
    [{ REDIS_URL: "http://localhost:6379" }, "REDIS_URL"],
  ];
  for (const [env, name] of cases) {
    assert.throws(
      () => parseEnv(env),
      (err: unknown) => err instanceof ConfigError && err.message.includes(`${name}:`),
      name,
    );
  }
});

Deno.test("config - production without JWT_SECRET is refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      loadConfig({ APP_ENV: "production", DATA_DIR: dir }),
      (err: unknown) => err instanceof ConfigError && err.message.includes("JWT_SECRET"),
    );
    const ok = await loadConfig({
      APP_ENV: "production",
      DATA_DIR: dir,
      JWT_SECRET: "x".repeat(40),
      APP_ORIGIN: "https://workmate.example",
    });
    assert.equal(ok.isProduction, true);
    assert.equal(ok.JWT_SECRET, "x".repeat(40));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("config - production without APP_ORIGIN is refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      loadConfig({ APP_ENV: "production", DATA_DIR: dir, JWT_SECRET: "x".repeat(40) }),
      (err: unknown) => err instanceof ConfigError && err.message.includes("APP_ORIGIN:"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("config - development generates a secret into DATA_DIR and reuses it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await loadConfig({ DATA_DIR: dir });
    assert.ok(first.JWT_SECRET.length >= 32);
    const stored = await Deno.readTextFile(`${dir}/jwt_secret`);
    assert.equal(stored.trim(), first.JWT_SECRET);
    assert.equal((await Deno.stat(`${dir}/jwt_secret`)).mode! & 0o777, 0o600);
    const second = await loadConfig({ DATA_DIR: dir });
    assert.equal(second.JWT_SECRET, first.JWT_SECRET);
    assert.equal(second.LIBSQL_URL, `file:${dir}/workmate.db`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
