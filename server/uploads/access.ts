/**
 * Who may fetch a stored file: its owner, and whoever may see an object it is attached to —
 * a job (as the job page does), a proposal (its worker and the job's client), a deliverable
 * (the contract's two parties, and admins, who settle disputes about it) or a portfolio item
 * (anyone), a chat message (the members of its conversation). Everyone else gets a 404.
 */
import { and, eq } from "drizzle-orm";
import type { Reader } from "@/db/client.ts";
import { attachments, jobs, proposals, type Upload } from "@/db/schema_marketplace.ts";
import { contracts, deliverables, milestones } from "@/db/schema_contracts.ts";
import { conversationMembers, messageAttachments, messages } from "@/db/schema_chat.ts";
import { canSeeJob } from "@/server/marketplace/job_access.ts";
import { getUpload } from "./uploads.ts";

export interface FileViewer {
  id: string;
  isAdmin: boolean;
}

export async function findViewableUpload(
  db: Reader,
  uploadId: string,
  viewer: FileViewer | null,
): Promise<Upload | undefined> {
  const viewerId = viewer?.id ?? null;
  const upload = await getUpload(db, uploadId);
  if (!upload) return undefined;
  if (viewerId !== null && upload.ownerId === viewerId) return upload;
  const links = await db.select().from(attachments).where(eq(attachments.uploadId, uploadId));
  for (const link of links) {
    if (link.subjectType === "deliverable" && viewer?.isAdmin) return upload;
    if (await canSeeSubject(db, link.subjectType, link.subjectId, viewerId)) return upload;
  }
  if (viewerId !== null && await isInConversationOfMessageWith(db, uploadId, viewerId)) {
    return upload;
  }
  return undefined;
}

/** Whether the file is attached to a message of a conversation `viewerId` is a member of. */
async function isInConversationOfMessageWith(db: Reader, uploadId: string, viewerId: string) {
  const [row] = await db.select({ id: messages.id }).from(messageAttachments)
    .innerJoin(messages, eq(messages.id, messageAttachments.messageId))
    .innerJoin(
      conversationMembers,
      and(
        eq(conversationMembers.conversationId, messages.conversationId),
        eq(conversationMembers.userId, viewerId),
      ),
    )
    .where(eq(messageAttachments.uploadId, uploadId)).limit(1);
  return row !== undefined;
}

async function canSeeSubject(
  db: Reader,
  type: typeof attachments.$inferSelect.subjectType,
  id: string,
  viewerId: string | null,
): Promise<boolean> {
  switch (type) {
    case "portfolio":
      return true;
    case "job": {
      const [job] = await db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
      return job !== undefined && canSeeJob(job, viewerId);
    }
    case "proposal": {
      if (viewerId === null) return false;
      const [row] = await db.select({ workerId: proposals.workerId, clientId: jobs.clientId })
        .from(proposals).innerJoin(jobs, eq(jobs.id, proposals.jobId))
        .where(eq(proposals.id, id)).limit(1);
      return row !== undefined && (row.workerId === viewerId || row.clientId === viewerId);
    }
    case "deliverable": {
      if (viewerId === null) return false;
      const [row] = await db.select({ c: contracts.clientId, w: contracts.workerId })
        .from(deliverables)
        .innerJoin(milestones, eq(milestones.id, deliverables.milestoneId))
        .innerJoin(contracts, eq(contracts.id, milestones.contractId))
        .where(eq(deliverables.id, id)).limit(1);
      return row !== undefined && (row.c === viewerId || row.w === viewerId);
    }
  }
}

/** Reads a stored file's bytes (the caller has checked access). */
export async function readUploadBytes(
  dir: string,
  upload: Upload,
): Promise<Uint8Array<ArrayBuffer>> {
  return await Deno.readFile(`${dir}/${upload.storageKey}`);
}
