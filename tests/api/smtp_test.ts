import assert from "node:assert/strict";
import { startFakeSmtp } from "../helpers/fake_smtp.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";

Deno.test("mail - with SMTP_URL the verification mail is sent over SMTP, not kept in the outbox", async () => {
  const smtp = startFakeSmtp();
  try {
    await using server = await startTestServer({
      env: { SMTP_URL: smtp.url, MAIL_FROM: "WorkMate <hello@workmate.test>" },
    });
    const { creds } = await registerUser(server);
    assert.equal(await server.drainJobs(), 1);
    await smtp.waitFor(1);
    const [mail] = smtp.received;
    assert.match(mail.from, /hello@workmate\.test/);
    assert.match(mail.to.join(), new RegExp(creds.email.replace(/[.+]/g, "\\$&")));
    assert.match(mail.data, /Subject: Confirm your email for WorkMate/);
    assert.match(mail.data, /verify-email\?token=/);
    assert.deepEqual(await server.mails(creds.email), [], "nothing in the development outbox");
  } finally {
    smtp.close();
  }
});
