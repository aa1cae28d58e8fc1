/**
 * A client's private note about a worker. Only that client ever reads it; nothing else (the
 * worker's profile, the API, other clients) reveals that it exists. Anyone who is not a client,
 * or a target that is not an active worker, gets the same 404.
 */
import { and, eq } from "drizzle-orm";
import type { Reader, Tx } from "@/db/client.ts";
import { type User, users } from "@/db/schema.ts";
import { clientNotes } from "@/db/schema_social.ts";
import { notFound } from "@/server/errors.ts";

export interface ClientNote {
  workerId: string;
  note: string;
  updatedAt: number;
}

async function assertNoteAllowed(db: Reader, viewer: User, workerId: string) {
  if (viewer.role !== "client") throw notFound("This note");
  const [worker] = await db.select({ role: users.role, status: users.status }).from(users)
    .where(eq(users.id, workerId)).limit(1);
  if (!worker || worker.role !== "worker" || worker.status !== "active") {
    throw notFound("This note");
  }
}

/** The viewer's note on the worker, or null when they have none (after the access check). */
export async function findClientNote(
  db: Reader,
  viewer: User,
  workerId: string,
): Promise<ClientNote | null> {
  await assertNoteAllowed(db, viewer, workerId);
  const [row] = await db.select().from(clientNotes).where(and(
    eq(clientNotes.clientId, viewer.id),
    eq(clientNotes.workerId, workerId),
  )).limit(1);
  return row ? { workerId, note: row.note, updatedAt: row.updatedAt } : null;
}

/** Creates or replaces the viewer's note on the worker. */
export async function saveClientNote(
  tx: Tx,
  viewer: User,
  workerId: string,
  note: string,
  now: number,
): Promise<ClientNote> {
  await assertNoteAllowed(tx, viewer, workerId);
  await tx.insert(clientNotes).values({ clientId: viewer.id, workerId, note, updatedAt: now })
    .onConflictDoUpdate({
      target: [clientNotes.clientId, clientNotes.workerId],
      set: { note, updatedAt: now },
    });
  return { workerId, note, updatedAt: now };
}

/** Deletes the viewer's note on the worker; false when there was none. */
export async function deleteClientNote(tx: Tx, viewer: User, workerId: string): Promise<boolean> {
  await assertNoteAllowed(tx, viewer, workerId);
  const rows = await tx.delete(clientNotes).where(and(
    eq(clientNotes.clientId, viewer.id),
    eq(clientNotes.workerId, workerId),
  )).returning({ workerId: clientNotes.workerId });
  return rows.length > 0;
}
