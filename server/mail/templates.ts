/** The mails WorkMate sends, as plain text with a simple HTML alternative. */
import type { MailMessage } from "./mailer.ts";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function compose(
  to: string,
  subject: string,
  paragraphs: string[],
  link?: { url: string; label: string },
): MailMessage {
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.url}`] : []), "— WorkMate"].join(
    "\n\n",
  );
  const html = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(link ? [`<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`] : []),
    "<p>— WorkMate</p>",
  ].join("\n");
  return { to, subject, text, html };
}

export function verificationMail(to: string, name: string, url: string): MailMessage {
  return compose(to, "Confirm your email for WorkMate", [
    `Hi ${name},`,
    "Confirm this address to start using WorkMate. The link works for 24 hours.",
  ], { url, label: "Confirm my email" });
}

export function welcomeMail(
  to: string,
  name: string,
  role: "client" | "worker",
  url: string,
): MailMessage {
  const next = role === "client"
    ? "Post your first task: describe it, set a budget, and workers nearby or remote will apply."
    : "Complete your profile — skills, rate and location — so clients can find you.";
  return compose(to, "Welcome to WorkMate", [
    `Hi ${name}, your email is confirmed.`,
    next,
    "WorkMate takes no commission: what a client pays is what the worker receives.",
  ], { url, label: "Open your dashboard" });
}

export function passwordResetMail(to: string, name: string, url: string): MailMessage {
  return compose(to, "Reset your WorkMate password", [
    `Hi ${name},`,
    "Someone (hopefully you) asked to reset your password. The link works for 1 hour and only once.",
    "If it was not you, ignore this mail; your password stays as it is.",
  ], { url, label: "Choose a new password" });
}

export function passwordChangedMail(to: string, name: string): MailMessage {
  return compose(to, "Your WorkMate password was changed", [
    `Hi ${name},`,
    "Your password was just changed and your other sessions were signed out.",
    "If this was not you, reset your password now.",
  ]);
}
