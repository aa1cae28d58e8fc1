/**
 * Uploads: files checked by their bytes, stored under DATA_DIR/uploads with random names
 * (never under static/), recorded in `uploads`, attached to jobs, proposals, deliverables and
 * portfolio items through `attachments`. Other domains use `attachUploads` and
 * `listAttachments`; GET /files/:id asks `findViewableUpload`.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database, Reader, Tx } from "@/db/client.ts";
import {
  attachments,
  type AttachmentSubject,
  type Upload,
  uploads,
} from "@/db/schema_marketplace.ts";
import type { AttachmentViewT } from "@/lib/schemas/jobs.ts";
import { MAX_UPLOAD_BYTES, UPLOADS_PER_HOUR } from "@/lib/upload_limits.ts";
import type { UploadViewT } from "@/lib/schemas/uploads.ts";
import { HttpError, validationError } from "@/server/errors.ts";
import type { RateLimiter, RateLimitRule } from "@/server/security/rate_limit.ts";
import { detectFileType, sanitizeFileName } from "./detect.ts";

export const UPLOAD_LIMIT: RateLimitRule = {
  name: "upload",
  limit: UPLOADS_PER_HOUR,
  windowMs: 3600_000,
};

export interface UploadDeps {
  db: Database;
  rateLimiter: RateLimiter;
  /** Directory the files live in: DATA_DIR/uploads. */
  dir: string;
  now: number;
}

export interface IncomingFile {
  name: string;
  bytes: Uint8Array;
}

export function uploadsDir(dataDir: string): string {
  return `${dataDir.replace(/\/$/, "")}/uploads`;
}

/** Counts one upload against the user's hourly limit; 429 with Retry-After when spent. */
export async function limitUploads(deps: Pick<UploadDeps, "rateLimiter" | "now">, userId: string) {
  const hit = await deps.rateLimiter.hit(UPLOAD_LIMIT, userId, deps.now);
  if (!hit.allowed) {
    throw new HttpError(
      "rate-limited",
      `You can upload ${UPLOADS_PER_HOUR} files an hour. Try again in ${hit.retryAfter} seconds.`,
      { retryAfter: hit.retryAfter, headers: { "Retry-After": String(hit.retryAfter) } },
    );
  }
}

/** Checks and stores one file for `ownerId`: the file is written first, then its row. */
export async function createUpload(
  deps: UploadDeps,
  ownerId: string,
  file: IncomingFile,
): Promise<Upload> {
  await limitUploads(deps, ownerId);
  if (file.bytes.length > MAX_UPLOAD_BYTES) {
    throw new HttpError("payload-too-large", "Files can be at most 5 MB.");
  }
  const detected = detectFileType(file.bytes);
  if (!detected.ok) throw new HttpError("unsupported-media-type", detected.reason);
  const key = randomKey();
  const path = `${deps.dir}/${key}`;
  await Deno.mkdir(deps.dir, { recursive: true });
  await Deno.writeFile(path, file.bytes, { createNew: true, mode: 0o600 });
  try {
    return await deps.db.write(async (tx) => {
      const [row] = await tx.insert(uploads).values({
        id: crypto.randomUUID(),
        ownerId,
        kind: detected.type.kind,
        mime: detected.type.mime,
        fileName: sanitizeFileName(file.name, detected.type),
        size: file.bytes.length,
        storageKey: key,
        createdAt: deps.now,
      }).returning();
      return row;
    });
  } catch (err) {
    await Deno.remove(path).catch(() => {});
    throw err;
  }
}

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function toUploadView(u: Upload): UploadViewT {
  return {
    id: u.id,
    fileName: u.fileName,
    mime: u.mime,
    size: u.size,
    kind: u.kind,
    url: `/files/${u.id}`,
    createdAt: new Date(u.createdAt).toISOString(),
  };
}

/**
 * Attaches uploads to an object inside the caller's transaction. Each id must be an upload
 * that `ownerId` owns, else 422 naming the id (and the caller's transaction rolls back).
 * Attaching the same file twice is a no-op.
 */
export async function attachUploads(
  tx: Tx,
  uploadIds: readonly string[],
  ownerId: string,
  subjectType: AttachmentSubject,
  subjectId: string,
  now: number,
): Promise<void> {
  const ids = [...new Set(uploadIds)];
  if (ids.length === 0) return;
  const owned = await tx.select({ id: uploads.id }).from(uploads)
    .where(and(inArray(uploads.id, ids), eq(uploads.ownerId, ownerId)));
  const found = new Set(owned.map((u) => u.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    throw validationError(
      missing.map((id) => ({
        path: "body.attachments",
        message: `Upload ${id} does not exist or is not yours. Upload the file first.`,
      })),
    );
  }
  await tx.insert(attachments).values(
    ids.map((uploadId) => ({ uploadId, subjectType, subjectId, createdAt: now })),
  ).onConflictDoNothing();
}

/** Detaches every upload of an object that is not in `keep` (the files themselves stay). */
export async function detachUploadsExcept(
  tx: Tx,
  subjectType: AttachmentSubject,
  subjectId: string,
  keep: readonly string[],
): Promise<void> {
  const rows = await tx.select({ id: attachments.uploadId }).from(attachments)
    .where(and(eq(attachments.subjectType, subjectType), eq(attachments.subjectId, subjectId)));
  const drop = rows.map((r) => r.id).filter((id) => !keep.includes(id));
  if (drop.length === 0) return;
  await tx.delete(attachments).where(and(
    eq(attachments.subjectType, subjectType),
    eq(attachments.subjectId, subjectId),
    inArray(attachments.uploadId, drop),
  ));
}

/** The files attached to an object, oldest first, as the API shows them. */
export async function listAttachments(
  db: Reader,
  subjectType: AttachmentSubject,
  subjectId: string,
): Promise<AttachmentViewT[]> {
  const rows = await db.select({ u: uploads }).from(attachments)
    .innerJoin(uploads, eq(uploads.id, attachments.uploadId))
    .where(and(eq(attachments.subjectType, subjectType), eq(attachments.subjectId, subjectId)))
    .orderBy(attachments.createdAt, uploads.createdAt, uploads.id);
  return rows.map(({ u }) => ({
    id: u.id,
    fileName: u.fileName,
    mime: u.mime,
    size: u.size,
    kind: u.kind,
    url: `/files/${u.id}`,
  }));
}

export async function getUpload(db: Reader, id: string): Promise<Upload | undefined> {
  const [row] = await db.select().from(uploads).where(eq(uploads.id, id)).limit(1);
  return row;
}
