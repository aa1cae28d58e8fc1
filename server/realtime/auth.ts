/**
 * Authenticating a socket from an access token. Unlike the HTTP middleware, which only needs
 * "signed in or not", a socket must tell the client whether to try again: a bad, expired or
 * revoked token closes with 4401 (refresh, then reconnect), a banned or deleted account with
 * 4503 (do not reconnect).
 */
import { eq } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { sessions, type User, users } from "@/db/schema.ts";
import { type TokenKeys, verifyAccessToken } from "@/server/auth/tokens.ts";
import { CLOSE } from "@/lib/chat_protocol.ts";

export type SocketAuth =
  | { ok: true; user: User; sessionId: string }
  | { ok: false; code: typeof CLOSE.unauthenticated | typeof CLOSE.banned; reason: string };

export async function authenticateSocketToken(
  db: Reader,
  keys: TokenKeys,
  token: string,
  now: number,
): Promise<SocketAuth> {
  const invalid = {
    ok: false,
    code: CLOSE.unauthenticated,
    reason: "The access token is invalid or has expired.",
  } as const;
  const claims = await verifyAccessToken(keys, token, now);
  if (!claims) return invalid;
  const [row] = await db.select({ user: users, session: sessions }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, claims.sid)).limit(1);
  if (!row || row.user.id !== claims.sub) return invalid;
  if (row.user.status !== "active") {
    return { ok: false, code: CLOSE.banned, reason: "This account is suspended." };
  }
  if (row.session.revokedAt !== null || row.session.expiresAt <= now) {
    return { ok: false, code: CLOSE.unauthenticated, reason: "This session has ended." };
  }
  return { ok: true, user: row.user, sessionId: row.session.id };
}

/** Which of these sessions are revoked or expired (after a `user.sessions_revoked` event). */
export async function findEndedSessions(
  db: Reader,
  sessionIds: readonly string[],
  now: number,
): Promise<Set<string>> {
  const ended = new Set<string>();
  for (const id of new Set(sessionIds)) {
    const [row] = await db.select({ revokedAt: sessions.revokedAt, expiresAt: sessions.expiresAt })
      .from(sessions).where(eq(sessions.id, id)).limit(1);
    if (!row || row.revokedAt !== null || row.expiresAt <= now) ended.add(id);
  }
  return ended;
}
