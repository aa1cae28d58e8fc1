/**
 * Hand-made JWTs for tests that attack token verification: unsigned (`alg: none`), signed with
 * another algorithm or key, or with claims the server should refuse.
 */
import { encodeBase64Url } from "./encoding.ts";

const json = (value: unknown) => encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));

const HMAC: Record<string, string> = { HS256: "SHA-256", HS384: "SHA-384", HS512: "SHA-512" };

/**
 * Builds a compact JWT. With `alg: "none"` the signature is empty; with an HS* alg it is an HMAC
 * of the given secret (so a test can sign with the server's own secret but the wrong algorithm).
 */
export async function craftJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret?: string,
): Promise<string> {
  const input = `${json(header)}.${json(payload)}`;
  const alg = String(header.alg);
  if (!HMAC[alg] || secret === undefined) return `${input}.`;
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: HMAC[alg] },
    false,
    ["sign"],
  );
  const sig = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input));
  return `${input}.${encodeBase64Url(new Uint8Array(sig))}`;
}

/** Decodes a JWT's payload without verifying it. */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(part.padEnd(Math.ceil(part.length / 4) * 4, "=")));
}

/** Valid-looking claims for `sub`/`sid`, issued at `nowMs`, that only a bad signature spoils. */
export function accessClaims(sub: string, sid: string, nowMs = Date.now()) {
  const iat = Math.floor(nowMs / 1000);
  return { sid, sub, iss: "workmate", aud: "workmate:access", iat, exp: iat + 900 };
}
