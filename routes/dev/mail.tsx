import type { ComponentChildren } from "preact";
import { desc } from "drizzle-orm";
import { mailOutbox } from "@/db/schema.ts";
import { notFound } from "@/server/errors.ts";
import { definePage, page, type PageProps } from "@/server/web/page.ts";

export const title = "Development mailbox";

interface Mail {
  id: number;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

interface Data {
  mails: Mail[];
  smtp: boolean;
}

const LIMIT = 50;

/** The outbox kept when no mail server is configured; never reachable in production. */
export const handler = definePage<Data>({
  async GET(c) {
    const { config, db } = c.get("deps");
    if (config.isProduction) throw notFound("This page");
    const rows = await db.orm.select().from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(LIMIT);
    return page({
      smtp: Boolean(config.SMTP_URL),
      mails: rows.map((r) => ({
        id: r.id,
        to: r.toAddress,
        subject: r.subject,
        text: r.textBody,
        sentAt: new Date(r.createdAt).toISOString(),
      })),
    });
  },
});

/** Plain text with its http(s) URLs made clickable; everything else stays text (escaped). */
function linkify(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    out.push(text.slice(last, m.index));
    out.push(<a href={m[0]}>{m[0]}</a>);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

export default function DevMail({ data }: PageProps<Data>) {
  return (
    <div class="container page">
      <header class="page-header">
        <p class="eyebrow">Development only</p>
        <h1>Mailbox</h1>
        <p class="muted">
          Mail WorkMate would have sent, newest first (the last{" "}
          {LIMIT}). This page does not exist in production.
        </p>
      </header>
      {data.smtp && (
        <p class="notice notice-info">
          An SMTP server is configured, so new mail goes there instead of appearing here.
        </p>
      )}
      {data.mails.length === 0
        ? (
          <div class="card empty-state">
            <p>
              <strong>No mail yet.</strong>{" "}
              Sign up or ask for a password reset, and the mail shows up here.
            </p>
          </div>
        )
        : (
          <ol class="mail-list">
            {data.mails.map((m) => (
              <li class="card mail">
                <details open={m.id === data.mails[0].id}>
                  <summary>
                    <span class="mail-subject">{m.subject}</span>
                    <span class="mail-meta">
                      to <strong>{m.to}</strong> ·{" "}
                      <time datetime={m.sentAt}>{m.sentAt.replace("T", " ").slice(0, 19)} UTC</time>
                    </span>
                  </summary>
                  <pre class="mail-body">{linkify(m.text)}</pre>
                </details>
              </li>
            ))}
          </ol>
        )}
    </div>
  );
}
