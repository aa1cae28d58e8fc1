/**
 * Sessions and their rotating refresh tokens. A session is one sign-in; each refresh replaces
 * its token; presenting a replaced token again means it was stolen or leaked, so the whole
 * session (every token of the family) is revoked. Access tokens name their session, so
 * revoking a session ends its access tokens immediately too.
 */
import { and, eq, isNull, ne } from "drizzle-orm";
import type { Reader, Tx } from "@/db/client.ts";
import { refreshTokens, sessions, type User, users } from "@/db/schema.ts";
import { HttpError } from "@/server/errors.ts";
import {
  ACCESS_TTL_MS,
  randomSecret,
  REFRESH_TTL_MS,
  sha256,
  signAccessToken,
  type TokenKeys,
  verifyAccessToken,
} from "./tokens.ts";

export interface ClientMeta {
  ip: string;
  userAgent?: string;
}

export interface IssuedTokens {
  sessionId: string;
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
}

export async function startSession(
  tx: Tx,
  keys: TokenKeys,
  userId: string,
  meta: ClientMeta,
  now: number,
): Promise<IssuedTokens> {
  const sessionId = crypto.randomUUID();
  await tx.insert(sessions).values({
    id: sessionId,
    userId,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: now + REFRESH_TTL_MS,
    userAgent: meta.userAgent?.slice(0, 300),
    ip: meta.ip,
  });
  return await issueTokens(tx, keys, userId, sessionId, now);
}

async function issueTokens(
  tx: Tx,
  keys: TokenKeys,
  userId: string,
  sessionId: string,
  now: number,
) {
  const refreshToken = randomSecret();
  const refreshExpiresAt = now + REFRESH_TTL_MS;
  await tx.insert(refreshTokens).values({
    tokenHash: await sha256(refreshToken),
    sessionId,
    createdAt: now,
    expiresAt: refreshExpiresAt,
  });
  const accessToken = await signAccessToken(keys, { sub: userId, sid: sessionId }, now);
  return {
    sessionId,
    accessToken,
    accessExpiresAt: now + ACCESS_TTL_MS,
    refreshToken,
    refreshExpiresAt,
  };
}

const invalidRefresh = () =>
  new HttpError("invalid-token", "Your session has ended. Sign in again.");

/** Rotates a refresh token. Throws (after revoking the family, on reuse) when it is not valid. */
export async function rotateRefreshToken(
  tx: Tx,
  keys: TokenKeys,
  presented: string,
  now: number,
): Promise<{ tokens: IssuedTokens; user: User } | { reused: true; userId: string }> {
  const [row] = await tx.select({ token: refreshTokens, session: sessions, user: users })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(refreshTokens.tokenHash, await sha256(presented)))
    .limit(1);
  if (!row) throw invalidRefresh();
  if (row.token.usedAt !== null) {
    if (row.session.revokedAt === null) {
      await revokeSession(tx, row.session.id, "refresh-token-reuse", now);
    }
    return { reused: true, userId: row.user.id };
  }
  if (
    row.session.revokedAt !== null || row.token.expiresAt <= now || row.session.expiresAt <= now ||
    row.user.status !== "active"
  ) {
    throw invalidRefresh();
  }
  await tx.update(refreshTokens).set({ usedAt: now }).where(
    eq(refreshTokens.tokenHash, row.token.tokenHash),
  );
  await tx.update(sessions).set({ lastUsedAt: now, expiresAt: now + REFRESH_TTL_MS }).where(
    eq(sessions.id, row.session.id),
  );
  return { tokens: await issueTokens(tx, keys, row.user.id, row.session.id, now), user: row.user };
}

export async function revokeSession(tx: Tx, sessionId: string, reason: string, now: number) {
  await tx.update(sessions).set({ revokedAt: now, revokedReason: reason }).where(
    and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)),
  );
}

/** Revokes every session of the user, except `keep` (the one making the change). */
export async function revokeUserSessions(
  tx: Tx,
  userId: string,
  reason: string,
  now: number,
  keep?: string,
) {
  await tx.update(sessions).set({ revokedAt: now, revokedReason: reason }).where(
    and(
      eq(sessions.userId, userId),
      isNull(sessions.revokedAt),
      keep ? ne(sessions.id, keep) : undefined,
    ),
  );
}

export async function findSessionByRefreshToken(db: Reader, presented: string) {
  const [row] = await db.select({ sessionId: refreshTokens.sessionId }).from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, await sha256(presented))).limit(1);
  return row?.sessionId;
}

/**
 * Resolves an access token to its user and session, or null: forged, expired, revoked,
 * or a user who is banned or deleted all end here.
 */
export async function authenticateAccessToken(
  db: Reader,
  keys: TokenKeys,
  token: string,
  now: number,
): Promise<{ user: User; sessionId: string } | null> {
  const claims = await verifyAccessToken(keys, token, now);
  if (!claims) return null;
  const [row] = await db.select({ user: users, session: sessions }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, claims.sid)).limit(1);
  if (!row || row.user.id !== claims.sub) return null;
  if (row.session.revokedAt !== null || row.session.expiresAt <= now) return null;
  if (row.user.status !== "active") return null;
  return { user: row.user, sessionId: row.session.id };
}
