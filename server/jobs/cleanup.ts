/**
 * Daily housekeeping: forget what can no longer be used — expired or long-revoked sessions
 * (their refresh tokens cascade), spent email tokens, and finished jobs older than 30 days.
 * Failed jobs are kept for inspection.
 */
import { and, eq, isNotNull, lt, or } from "drizzle-orm";
import type { Database } from "@/db/client.ts";
import { backgroundJobs, emailTokens, sessions } from "@/db/schema.ts";

const DAY = 24 * 3600_000;

export async function purgeExpired(db: Database, now: number) {
  return await db.write(async (tx) => {
    const s = await tx.delete(sessions).where(
      or(
        lt(sessions.expiresAt, now),
        and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, now - 30 * DAY)),
      ),
    ).returning({ id: sessions.id });
    const t = await tx.delete(emailTokens).where(
      or(lt(emailTokens.expiresAt, now), isNotNull(emailTokens.usedAt)),
    ).returning({ id: emailTokens.tokenHash });
    const j = await tx.delete(backgroundJobs).where(
      and(eq(backgroundJobs.status, "done"), lt(backgroundJobs.finishedAt, now - 30 * DAY)),
    ).returning({ id: backgroundJobs.id });
    return { sessions: s.length, emailTokens: t.length, jobs: j.length };
  });
}
