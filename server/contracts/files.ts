/**
 * Files attached to proposals and deliverables. Attaching goes through the uploads module
 * (which checks that each upload exists and belongs to the one attaching it); listing here
 * reads many subjects in one query for list pages (uploads/listAttachments reads one).
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { attachments, type AttachmentSubject, uploads } from "@/db/schema_marketplace.ts";
import type { AttachmentViewT } from "@/lib/schemas/proposals.ts";
import { attachUploads } from "@/server/uploads/uploads.ts";

/**
 * Attaches the owner's uploads to a proposal or deliverable (uploads/attachUploads: an id that
 * is not one of the owner's uploads is a 422 and the caller's transaction attaches nothing).
 */
export const attachFiles = attachUploads;

/** Attachments of many subjects of one type, keyed by subject id. */
export async function listFilesFor(
  db: Reader,
  subjectType: AttachmentSubject,
  subjectIds: string[],
): Promise<Map<string, AttachmentViewT[]>> {
  const out = new Map<string, AttachmentViewT[]>(subjectIds.map((id) => [id, []]));
  if (subjectIds.length === 0) return out;
  const rows = await db.select({
    subjectId: attachments.subjectId,
    id: uploads.id,
    fileName: uploads.fileName,
    mime: uploads.mime,
    size: uploads.size,
    kind: uploads.kind,
  }).from(attachments).innerJoin(uploads, eq(uploads.id, attachments.uploadId))
    .where(
      and(eq(attachments.subjectType, subjectType), inArray(attachments.subjectId, subjectIds)),
    )
    .orderBy(asc(attachments.createdAt), asc(uploads.fileName));
  for (const r of rows) {
    out.get(r.subjectId)?.push({
      id: r.id,
      fileName: r.fileName,
      mime: r.mime,
      size: r.size,
      kind: r.kind,
      url: `/files/${r.id}`,
    });
  }
  return out;
}
