/**
 * Run as a separate process by lease_claims_test.ts: claims jobs from the database file given
 * as the first argument until none is left, and prints the ids it got as JSON.
 */
import { createDb } from "@/db/client.ts";
import { claimNextJob } from "@/server/jobs/queue.ts";

const db = await createDb({ url: Deno.args[0], busyTimeoutMs: 5000 });
const ids: number[] = [];
while (true) {
  const job = await db.write((tx) => claimNextJob(tx, `pid-${Deno.pid}`, 5_000, 60_000));
  if (!job) break;
  ids.push(job.id);
}
db.close();
Deno.stdout.writeSync(new TextEncoder().encode(JSON.stringify(ids)));
