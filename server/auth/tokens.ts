/**
 * Access tokens (JWT, HS256, 15 minutes) and opaque random secrets for refresh tokens and
 * email links. Only a secret's SHA-256 is stored, so a database leak does not leak sessions.
 */
import { jwtVerify, SignJWT } from "jose";

export const ACCESS_TTL_MS = 15 * 60 * 1000;
export const REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const ISSUER = "workmate";
const AUDIENCE = "workmate:access";

export interface AccessClaims {
  /** user id */
  sub: string;
  /** session id: revoking the session ends its access tokens too */
  sid: string;
}

export interface TokenKeys {
  secret: Uint8Array;
}

export function createTokenKeys(jwtSecret: string): TokenKeys {
  return { secret: new TextEncoder().encode(jwtSecret) };
}

export function signAccessToken(
  keys: TokenKeys,
  claims: AccessClaims,
  nowMs: number,
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ sid: claims.sid })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TTL_MS / 1000)
    .sign(keys.secret);
}

/** Returns the claims, or null for anything forged, expired, malformed or of another algorithm. */
export async function verifyAccessToken(
  keys: TokenKeys,
  token: string,
  nowMs: number,
): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, keys.secret, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: new Date(nowMs),
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return null;
    return { sub: payload.sub, sid: payload.sid };
  } catch {
    return null;
  }
}

/** A URL-safe random secret (256 bits). */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

export async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
