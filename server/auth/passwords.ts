/**
 * Password hashing with argon2id (OWASP's recommended parameters: 19 MiB, 2 passes).
 * Verification is constant-time inside argon2; `verifyDummy` spends the same time when the
 * account does not exist, so login cannot be used to probe for emails.
 */
import { hash, verify } from "@node-rs/argon2";

const ARGON2ID = 2; // @node-rs/argon2's Algorithm.Argon2id (a const enum, not importable at run time)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Burns one verification's worth of time for an unknown account. */
export async function verifyDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("workmate-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}
