/** A worker's certifications: name, issuer, optional year and http(s) link. */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Reader, Tx } from "@/db/client.ts";
import type { User } from "@/db/schema.ts";
import { certifications } from "@/db/schema_social.ts";
import { type CertificationInput, CERTIFICATIONS_MAX } from "@/lib/schemas/social.ts";
import { HttpError, notFound } from "@/server/errors.ts";
import { assertWorker } from "./portfolio.ts";

export type Certification = typeof certifications.$inferSelect;

export async function listCertifications(db: Reader, userId: string): Promise<Certification[]> {
  return await db.select().from(certifications).where(eq(certifications.userId, userId))
    .orderBy(asc(certifications.createdAt), asc(certifications.id));
}

export async function addCertification(
  tx: Tx,
  viewer: User,
  input: CertificationInput,
  now: number,
): Promise<Certification> {
  assertWorker(viewer, "certifications");
  const [count] = await tx.select({ n: sql<number>`count(*)` }).from(certifications)
    .where(eq(certifications.userId, viewer.id));
  if (Number(count?.n ?? 0) >= CERTIFICATIONS_MAX) {
    throw new HttpError(
      "conflict",
      `You can list up to ${CERTIFICATIONS_MAX} certifications. Delete one to add another.`,
    );
  }
  const [row] = await tx.insert(certifications).values({
    id: crypto.randomUUID(),
    userId: viewer.id,
    name: input.name,
    issuer: input.issuer,
    year: input.year ?? null,
    url: input.url ?? null,
    createdAt: now,
  }).returning();
  return row;
}

/** Deletes one of the viewer's certifications; 404 when it is not theirs. */
export async function deleteCertification(tx: Tx, viewer: User, id: string): Promise<void> {
  const rows = await tx.delete(certifications)
    .where(and(eq(certifications.id, id), eq(certifications.userId, viewer.id)))
    .returning({ id: certifications.id });
  if (rows.length === 0) throw notFound("This certification");
}

export function toCertificationJson(c: Certification) {
  return {
    id: c.id,
    name: c.name,
    issuer: c.issuer,
    year: c.year,
    url: c.url,
    createdAt: new Date(c.createdAt).toISOString(),
  };
}
