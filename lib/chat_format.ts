/**
 * How chat pages word and time things: message times, list times, "last seen", previews,
 * the typing line. Pure and isomorphic, so the server's first paint and the hydrated islands
 * say the same thing (both format in the viewer's time zone, UTC when it is unknown).
 */
import type { MessageView } from "./chat_protocol.ts";

/** The reactions a message offers (a small fixed set). */
export const REACTIONS = ["👍", "❤️", "😂", "🎉", "😮", "🙏"] as const;

const DAY = 86_400_000;

function parts(ms: number, timeZone: string | null | undefined, opts: Intl.DateTimeFormatOptions) {
  try {
    return new Intl.DateTimeFormat("en-GB", { ...opts, timeZone: timeZone ?? "UTC" }).format(ms);
  } catch {
    return new Intl.DateTimeFormat("en-GB", { ...opts, timeZone: "UTC" }).format(ms);
  }
}

/** "14:05" */
export function formatClock(iso: string, timeZone?: string | null): string {
  return parts(Date.parse(iso), timeZone, { hour: "2-digit", minute: "2-digit", hour12: false });
}

/** The calendar day of `ms` in the zone, as "2026-11-23", for comparing days. */
function dayKey(ms: number, timeZone?: string | null): string {
  return parts(ms, timeZone, { year: "numeric", month: "2-digit", day: "2-digit" });
}

/** A day separator: "Today", "Yesterday", "Mon 16 Nov", "3 Nov 2025". */
export function formatDayLabel(iso: string, now: number, timeZone?: string | null): string {
  const ms = Date.parse(iso);
  const key = dayKey(ms, timeZone);
  if (key === dayKey(now, timeZone)) return "Today";
  if (key === dayKey(now - DAY, timeZone)) return "Yesterday";
  const sameYear = parts(ms, timeZone, { year: "numeric" }) ===
    parts(now, timeZone, { year: "numeric" });
  return sameYear
    ? parts(ms, timeZone, { weekday: "short", day: "numeric", month: "short" })
    : parts(ms, timeZone, { day: "numeric", month: "short", year: "numeric" });
}

/** Whether two instants fall on the same day in the zone. */
export function isSameDay(a: string, b: string, timeZone?: string | null): boolean {
  return dayKey(Date.parse(a), timeZone) === dayKey(Date.parse(b), timeZone);
}

/** The conversation list's time: "14:05" today, "Mon" this week, "3 Nov" before. */
export function formatListTime(iso: string, now: number, timeZone?: string | null): string {
  const ms = Date.parse(iso);
  if (dayKey(ms, timeZone) === dayKey(now, timeZone)) return formatClock(iso, timeZone);
  if (now - ms < 6 * DAY) return parts(ms, timeZone, { weekday: "short" });
  return parts(ms, timeZone, { day: "numeric", month: "short" });
}

/** "Online", "Last seen just now", "Last seen 5 min ago", "Last seen 3 Nov", or "Offline". */
export function formatPresence(
  p: { online: boolean; lastSeen: string | null },
  now: number,
  timeZone?: string | null,
): string {
  if (p.online) return "Online";
  if (!p.lastSeen) return "Offline";
  const ago = Math.max(0, now - Date.parse(p.lastSeen));
  if (ago < 60_000) return "Last seen just now";
  if (ago < 3_600_000) return `Last seen ${Math.floor(ago / 60_000)} min ago`;
  if (ago < DAY) return `Last seen ${Math.floor(ago / 3_600_000)} h ago`;
  return `Last seen ${parts(Date.parse(p.lastSeen), timeZone, { day: "numeric", month: "short" })}`;
}

/** One line for the conversation list: "You: see you", "📎 plan.pdf", "Message deleted". */
export function previewText(m: MessageView, viewerId: string, senderName?: string): string {
  const who = m.senderId === viewerId ? "You: " : senderName ? `${senderName}: ` : "";
  if (m.deletedAt) return "Message deleted";
  if (m.kind !== "text") return m.content;
  const text = m.content.replace(/\s+/g, " ").trim();
  if (text) return who + text;
  const first = m.attachments[0];
  return first ? `${who}📎 ${first.fileName}` : who.trim();
}

/** "Ana is typing…", "Ana and Bo are typing…", "3 people are typing…", or "". */
export function typingLine(names: string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

/** "1.2 MB" */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(Math.round(bytes / 104857.6) / 10).toFixed(1)} MB`;
}

/** "AB" from "Ana Bell" for an avatar. */
export function initials(name: string): string {
  const p = name.trim().split(/\s+/).filter(Boolean);
  const chars = p.length > 1 ? [p[0], p[p.length - 1]] : p;
  return chars.map((s) => [...s][0]?.toUpperCase() ?? "").join("") || "?";
}
