/**
 * Mail delivery: over SMTP when SMTP_URL is set, otherwise into the outbox table that /dev/mail
 * shows. Nothing sends mail directly; it is enqueued as a "mail.send" job and sent from there.
 */
// @ts-types="npm:@types/nodemailer@6.4.17"
import nodemailer from "nodemailer";
import type { Database } from "@/db/client.ts";
import { mailOutbox } from "@/db/schema.ts";
import type { Clock } from "@/server/clock.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  readonly kind: "smtp" | "outbox";
  send(message: MailMessage): Promise<void>;
}

export function createOutboxMailer(db: Database, clock: Clock): Mailer {
  return {
    kind: "outbox",
    async send(m) {
      await db.write((tx) =>
        tx.insert(mailOutbox).values({
          toAddress: m.to,
          subject: m.subject,
          textBody: m.text,
          htmlBody: m.html ?? null,
          createdAt: clock.now(),
        })
      );
    },
  };
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    kind: "smtp",
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html });
    },
  };
}
