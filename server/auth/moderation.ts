/**
 * Suspending and reinstating accounts (admins only). A ban takes effect at once everywhere:
 * the user's sessions are revoked in the same transaction (API calls and refreshes fail), and
 * the `user.banned` event closes their WebSockets on every instance with 4503.
 */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client.ts";
import { type User, users } from "@/db/schema.ts";
import type { Bus } from "@/server/bus/bus.ts";
import { forbidden, HttpError, notFound } from "@/server/errors.ts";
import { revokeUserSessions } from "./sessions.ts";

export interface ModerationDeps {
  db: Database;
  bus: Bus;
  now: number;
}

async function loadTarget(deps: ModerationDeps, admin: User, userId: string) {
  if (!admin.isAdmin) throw forbidden("Only admins can suspend accounts.");
  const [target] = await deps.db.orm.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!target || target.status === "deleted") throw notFound("This user");
  if (target.id === admin.id) {
    throw new HttpError("conflict", "You cannot suspend your own account.");
  }
  return target;
}

export async function banUser(deps: ModerationDeps, admin: User, userId: string): Promise<User> {
  await loadTarget(deps, admin, userId);
  const banned = await deps.db.write(async (tx) => {
    const [row] = await tx.update(users).set({ status: "banned", updatedAt: deps.now })
      .where(eq(users.id, userId)).returning();
    await revokeUserSessions(tx, userId, "banned", deps.now);
    return row;
  });
  await deps.bus.publish(`user:${userId}`, { type: "user.banned", userId });
  return banned;
}

/** Lifts a ban; the user signs in again (their old sessions stay revoked). */
export async function unbanUser(deps: ModerationDeps, admin: User, userId: string): Promise<User> {
  const target = await loadTarget(deps, admin, userId);
  if (target.status !== "banned") return target;
  const [row] = await deps.db.write((tx) =>
    tx.update(users).set({ status: "active", updatedAt: deps.now }).where(eq(users.id, userId))
      .returning()
  );
  await deps.bus.publish(`user:${userId}`, { type: "user.updated", userId });
  return row;
}
