/** A <time> with a machine-readable value and a date (and optionally time) in the viewer's zone. */
export function DateTime(
  { ms, timeZone, withTime = false }: { ms: number; timeZone?: string | null; withTime?: boolean },
) {
  return <time datetime={new Date(ms).toISOString()}>{formatDate(ms, timeZone, withTime)}</time>;
}

export function formatDate(ms: number, timeZone?: string | null, withTime = false): string {
  const options: Intl.DateTimeFormatOptions = {
    day: "numeric",
    month: "short",
    year: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit", hour12: false } : {}),
    timeZone: timeZone ?? "UTC",
  };
  try {
    return new Intl.DateTimeFormat("en-GB", options).format(ms);
  } catch {
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(ms);
  }
}

/** "3 h 20 min", "2 days" — a duration for people, rounded to what matters. */
export function formatDuration(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 1) return "under a minute";
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const days = Math.round(h / 24);
  return `${days} day${days === 1 ? "" : "s"}`;
}
