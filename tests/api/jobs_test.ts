import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { backgroundJobs } from "@/db/schema.ts";
import { createManualClock } from "@/server/clock.ts";
import { claimNextJob } from "@/server/jobs/queue.ts";
import type { Mailer, MailMessage } from "@/server/mail/mailer.ts";
import { apiClient } from "../helpers/api.ts";
import { countRows } from "../helpers/db.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";

function recordingMailer(fail = false): Mailer & { sent: MailMessage[]; tries: number } {
  return {
    kind: "outbox",
    sent: [],
    tries: 0,
    send(m) {
      this.tries++;
      if (fail) return Promise.reject(new Error("SMTP 451: try again later"));
      this.sent.push(m);
      return Promise.resolve();
    },
  };
}

async function onlyJob(server: TestServer) {
  const jobs = await server.deps.db.orm.select().from(backgroundJobs);
  assert.equal(jobs.length, 1);
  return jobs[0];
}

Deno.test("jobs - registering enqueues the mail in the same transaction; a refused one enqueues none", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  const job = await onlyJob(server);
  assert.equal(job.status, "pending");
  assert.equal((job.payload as MailMessage).to, creds.email);
  const dup = await apiClient(server).json("POST", "/api/v1/auth/register", {
    ...creds,
    displayName: "Again",
  });
  assert.equal(dup.status, 409);
  assert.equal(await countRows(server, "background_jobs"), 1);
  assert.equal(await server.drainJobs(), 1);
  assert.equal((await onlyJob(server)).status, "done");
});

Deno.test("jobs - a failing mailer is retried with exponential backoff, then marked failed", async () => {
  const clock = createManualClock();
  const mailer = recordingMailer(true);
  await using server = await startTestServer({ clock, mailer });
  await registerUser(server);
  const worker = server.deps.worker;

  assert.equal(await worker.drain(), 1);
  let job = await onlyJob(server);
  assert.equal(job.status, "pending");
  assert.equal(job.attempts, 1);
  assert.equal(job.lastError, "SMTP 451: try again later");
  assert.equal(job.runAt, clock.now() + 5_000);

  clock.advance(4_999);
  assert.equal(await worker.drain(), 0, "not due before the backoff");
  clock.advance(1);
  assert.equal(await worker.drain(), 1);
  job = await onlyJob(server);
  assert.equal(job.attempts, 2);
  assert.equal(job.runAt, clock.now() + 10_000, "the backoff doubles");

  clock.advance(10_000);
  assert.equal(await worker.drain(), 1);
  job = await onlyJob(server);
  assert.equal(job.status, "failed");
  assert.equal(job.attempts, 3);
  assert.equal(job.lastError, "SMTP 451: try again later");
  assert.equal(job.finishedAt, clock.now());
  assert.equal(job.lockedBy, null);

  clock.advance(3600_000);
  assert.equal(await worker.drain(), 0, "a failed job is kept, not retried");
  assert.equal(mailer.tries, 3);
  const metrics = await server.deps.metrics.registry.render();
  assert.match(metrics, /jobs_processed_total\{kind="mail.send",outcome="retry"\} 2/);
  assert.match(metrics, /jobs_processed_total\{kind="mail.send",outcome="failed"\} 1/);
});

Deno.test("jobs - a job whose lease expired (a crashed worker) is claimed again", async () => {
  const clock = createManualClock();
  const mailer = recordingMailer();
  await using server = await startTestServer({ clock, mailer });
  await registerUser(server);
  const { db, worker } = server.deps;
  // Another instance claims the job and dies without finishing it.
  const claimed = await db.write((tx) => claimNextJob(tx, "crashed-instance", clock.now(), 60_000));
  assert.ok(claimed);
  assert.equal(claimed.status, "running");
  assert.equal(await worker.drain(), 0, "the lease still holds");
  clock.advance(60_000);
  assert.equal(await worker.drain(), 1);
  const job = await onlyJob(server);
  assert.equal(job.status, "done");
  assert.equal(job.attempts, 2);
  assert.equal(mailer.sent.length, 1);
});

Deno.test("jobs - stopping the server hands back its own leases", async () => {
  const clock = createManualClock();
  const server = await startTestServer({ clock });
  try {
    await registerUser(server);
    const owner = server.deps.config.INSTANCE_ID;
    await server.deps.db.write((tx) => claimNextJob(tx, owner, clock.now(), 60_000));
    await server.deps.worker.stop();
    const [job] = await server.deps.db.orm.select().from(backgroundJobs).where(
      eq(backgroundJobs.kind, "mail.send"),
    );
    assert.equal(job.status, "pending");
    assert.equal(job.attempts, 0);
    assert.equal(job.lockedBy, null);
  } finally {
    await server.stop();
  }
});

Deno.test("jobs - the outbox mailer stores what the worker sends", async () => {
  await using server = await startTestServer();
  const { creds } = await registerUser(server);
  assert.equal(await countRows(server, "mail_outbox"), 0, "nothing sent before the worker runs");
  const mails = await server.mails(creds.email);
  assert.equal(mails.length, 1);
  assert.match(mails[0].text, /verify-email\?token=/);
});
