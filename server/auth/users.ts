/** User rows: lookups, profile updates, and the public / own views the API returns. */
import { eq } from "drizzle-orm";
import type { Reader, Tx } from "@/db/client.ts";
import { type User, users } from "@/db/schema.ts";
import type { MeView, ProfilePatchInput, PublicUserView } from "@/lib/schemas/auth.ts";

export async function getUserById(db: Reader, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function getUserByEmail(db: Reader, email: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  return row;
}

export async function updateProfile(tx: Tx, userId: string, patch: ProfilePatchInput, now: number) {
  const set: Partial<typeof users.$inferInsert> = { updatedAt: now };
  if (patch.displayName !== undefined) set.displayName = patch.displayName;
  if (patch.headline !== undefined) set.headline = patch.headline;
  if (patch.bio !== undefined) set.bio = patch.bio;
  if (patch.skills !== undefined) set.skills = patch.skills;
  if (patch.timezone !== undefined) set.timezone = patch.timezone;
  if (patch.hourlyRate !== undefined) {
    set.hourlyRateMinor = patch.hourlyRate?.amountMinor ?? null;
    set.hourlyRateCurrency = patch.hourlyRate?.currency ?? null;
  }
  if (patch.location !== undefined) {
    set.locationName = patch.location?.name ?? null;
    set.lat = patch.location?.lat ?? null;
    set.lng = patch.location?.lng ?? null;
  }
  const [row] = await tx.update(users).set(set).where(eq(users.id, userId)).returning();
  return row;
}

export async function setAdmin(tx: Tx, email: string, isAdmin: boolean): Promise<User | undefined> {
  const [row] = await tx.update(users).set({ isAdmin }).where(
    eq(users.email, email.trim().toLowerCase()),
  ).returning();
  return row;
}

export function isActive(user: User | undefined): user is User {
  return user !== undefined && user.status === "active";
}

/** What anyone may see. Coordinates are rounded to ~1 km so a public profile is not an address. */
export function toPublicUser(u: User): PublicUserView {
  return {
    id: u.id,
    displayName: u.displayName,
    role: u.role,
    headline: u.headline,
    bio: u.bio,
    skills: u.skills,
    hourlyRate: u.hourlyRateMinor !== null && u.hourlyRateCurrency
      ? { amountMinor: u.hourlyRateMinor, currency: u.hourlyRateCurrency }
      : null,
    location: u.lat !== null && u.lng !== null
      ? { name: u.locationName ?? "", lat: round2(u.lat), lng: round2(u.lng) }
      : null,
    timezone: u.timezone,
    emailVerified: u.emailVerifiedAt !== null,
    createdAt: new Date(u.createdAt).toISOString(),
  };
}

export function toMe(u: User): MeView {
  return {
    ...toPublicUser(u),
    email: u.email,
    isAdmin: u.isAdmin,
    location: u.lat !== null && u.lng !== null
      ? { name: u.locationName ?? "", lat: u.lat, lng: u.lng }
      : null,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
