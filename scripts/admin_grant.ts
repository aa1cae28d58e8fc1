/**
 * `deno task admin:grant EMAIL`: gives an existing account the admin role. Reads the same
 * environment as the server (DATA_DIR, LIBSQL_URL, …). Exit code 1 when the email is missing
 * or has no account.
 */
import { createDb } from "@/db/client.ts";
import { setAdmin } from "@/server/auth/users.ts";
import { ConfigError, loadConfig } from "@/server/config.ts";

function print(line: string, stream: "out" | "err" = "out") {
  (stream === "out" ? Deno.stdout : Deno.stderr).writeSync(new TextEncoder().encode(line + "\n"));
}

async function main(args: string[]): Promise<number> {
  const email = args[0]?.trim();
  if (!email || args.length > 1) {
    print(
      "Usage: deno task admin:grant EMAIL\nGives the account with this email admin rights.",
      "err",
    );
    return 1;
  }
  const config = await loadConfig(Deno.env.toObject());
  const db = await createDb({
    url: config.LIBSQL_URL,
    authToken: config.LIBSQL_AUTH_TOKEN,
    syncUrl: config.LIBSQL_SYNC_URL,
    syncIntervalSeconds: config.LIBSQL_SYNC_INTERVAL,
    busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS,
  });
  try {
    const user = await db.write((tx) => setAdmin(tx, email, true));
    if (!user) {
      print(
        `No account has the email ${email}. Check the spelling, or sign up first ` +
          "(deno task seed creates demo accounts).",
        "err",
      );
      return 1;
    }
    print(`${user.email} (${user.displayName}) is now an admin.`);
    return 0;
  } finally {
    db.close();
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    print(err.message, "err");
    Deno.exit(78);
  }
}
