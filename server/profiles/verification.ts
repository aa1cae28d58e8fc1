/**
 * Admin verification of a user (an admin checked who they are). The public "verified" badge
 * needs both this and a confirmed email.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client.ts";
import { type User, users } from "@/db/schema.ts";
import { forbidden, notFound } from "@/server/errors.ts";

export function isVerified(u: Pick<User, "emailVerifiedAt" | "adminVerifiedAt">): boolean {
  return u.emailVerifiedAt !== null && u.adminVerifiedAt !== null;
}

/**
 * Sets (or clears) the admin verification of `userId`. Non-admins get 403; an unknown or
 * deleted user 404. Verifying twice keeps the first time.
 */
export async function setAdminVerification(
  tx: Tx,
  admin: User,
  userId: string,
  verified: boolean,
  now: number,
): Promise<User> {
  if (!admin.isAdmin) throw forbidden("Only admins can verify users.");
  const [target] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!target || target.status === "deleted") throw notFound("This user");
  const adminVerifiedAt = verified ? (target.adminVerifiedAt ?? now) : null;
  if (adminVerifiedAt === target.adminVerifiedAt) return target;
  const [row] = await tx.update(users).set({ adminVerifiedAt, updatedAt: now })
    .where(eq(users.id, userId)).returning();
  return row;
}

export function toVerifyJson(u: User) {
  return {
    userId: u.id,
    adminVerifiedAt: u.adminVerifiedAt === null ? null : new Date(u.adminVerifiedAt).toISOString(),
    verified: isVerified(u),
  };
}
