import assert from "node:assert/strict";
import { asc, eq } from "drizzle-orm";
import { createDb } from "@/db/client.ts";
import { users } from "@/db/schema.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "@/scripts/seed.ts";
import { DEMO_JOBS } from "@/scripts/seed_jobs.ts";
import { jobs } from "@/db/schema_marketplace.ts";

const ROOT = new URL("../../", import.meta.url);

/** Runs `deno run -A scripts/<script>` against a database under `dataDir`. */
async function runScript(script: string, dataDir: string, args: string[] = []) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `scripts/${script}`, ...args],
    cwd: ROOT.pathname,
    env: { DATA_DIR: dataDir, LOG_LEVEL: "silent", LIBSQL_URL: "", JWT_SECRET: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

async function withDataDir(fn: (dataDir: string) => Promise<void>) {
  const dataDir = await Deno.makeTempDir({ prefix: "workmate-scripts-" });
  try {
    await fn(dataDir);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
}

async function readJobs(dataDir: string) {
  const db = await createDb({ url: `file:${dataDir}/workmate.db` });
  try {
    return await db.orm.select().from(jobs).orderBy(asc(jobs.title));
  } finally {
    db.close();
  }
}

async function readUsers(dataDir: string) {
  const db = await createDb({ url: `file:${dataDir}/workmate.db` });
  try {
    return await db.orm.select().from(users).orderBy(asc(users.email));
  } finally {
    db.close();
  }
}

Deno.test("seed - creates verified demo clients and workers once", async () => {
  await withDataDir(async (dataDir) => {
    const first = await runScript("seed.ts", dataDir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(DEMO_PASSWORD));
    for (const demo of DEMO_USERS) assert.match(first.stdout, new RegExp(demo.email));

    const rows = await readUsers(dataDir);
    assert.equal(rows.length, DEMO_USERS.length);
    assert.ok(rows.filter((u) => u.role === "client").length >= 2);
    const workers = rows.filter((u) => u.role === "worker");
    assert.ok(workers.length >= 6);
    for (const u of rows) {
      assert.notEqual(u.emailVerifiedAt, null, `${u.email} is verified`);
      assert.equal(u.isAdmin, false);
      assert.ok(u.headline && u.bio && u.timezone && u.lat !== null && u.lng !== null, u.email);
      assert.ok(u.passwordHash.startsWith("$argon2id$"), "hashed like sign-up does");
    }
    for (const w of workers) {
      assert.ok(w.skills.length > 0, w.email);
      assert.ok(Number.isInteger(w.hourlyRateMinor) && w.hourlyRateMinor! > 0, w.email);
      assert.match(w.hourlyRateCurrency ?? "", /^[A-Z]{3}$/);
    }
    assert.ok(new Set(rows.map((u) => u.locationName)).size >= 4, "several cities");
    const posted = await readJobs(dataDir);
    assert.equal(posted.length, DEMO_JOBS.length);
    assert.ok(posted.every((j) => j.status === "open" && j.publishedAt !== null));

    const again = await runScript("seed.ts", dataDir);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already there/);
    const after = await readUsers(dataDir);
    assert.deepEqual(after.map((u) => [u.id, u.updatedAt]), rows.map((u) => [u.id, u.updatedAt]));
    assert.equal((await readJobs(dataDir)).length, DEMO_JOBS.length, "no task posted twice");
  });
});

Deno.test("admin:grant - makes an existing account an admin", async () => {
  await withDataDir(async (dataDir) => {
    assert.equal((await runScript("seed.ts", dataDir)).code, 0);
    const email = DEMO_USERS[0].email;
    const grant = await runScript("admin_grant.ts", dataDir, [email.toUpperCase()]);
    assert.equal(grant.code, 0, grant.stderr);
    assert.match(grant.stdout, /is now an admin/);
    const rows = await readUsers(dataDir);
    assert.deepEqual(rows.filter((u) => u.isAdmin).map((u) => u.email), [email]);
  });
});

Deno.test("admin:grant - an unknown email or no email fails with exit code 1", async () => {
  await withDataDir(async (dataDir) => {
    const unknown = await runScript("admin_grant.ts", dataDir, ["nobody@example.com"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No account has the email nobody@example\.com/);

    const missing = await runScript("admin_grant.ts", dataDir);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Usage: deno task admin:grant EMAIL/);

    const db = await createDb({ url: `file:${dataDir}/workmate.db` });
    try {
      const admins = await db.orm.select().from(users).where(eq(users.isAdmin, true));
      assert.equal(admins.length, 0);
    } finally {
      db.close();
    }
  });
});
