/** What the upload routes and the pages that take files share around the upload use case. */
import { HttpError } from "@/server/errors.ts";
import type { AppContext } from "@/server/web/context.ts";
import { createUpload, type UploadDeps, uploadsDir } from "./uploads.ts";

export function uploadDeps(c: AppContext): UploadDeps {
  const { db, rateLimiter, clock, config } = c.get("deps");
  return { db, rateLimiter, dir: uploadsDir(config.DATA_DIR), now: clock.now() };
}

export interface MultipartForm {
  /** Single text values (the last one when a name repeats). */
  values: Record<string, string>;
  /** Every text value per name (checkbox groups). */
  lists: Record<string, string[]>;
  /** Non-empty files per name. */
  files: Record<string, File[]>;
}

/** Reads an urlencoded or multipart form post, keeping repeated names and files. */
export async function readMultipartForm(c: AppContext): Promise<MultipartForm> {
  const raw = await c.req.parseBody({ all: true });
  const out: MultipartForm = { values: {}, lists: {}, files: {} };
  for (const [name, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "string") {
        out.values[name] = item;
        (out.lists[name] ??= []).push(item);
      } else if (item.size > 0 || item.name) {
        if (item.size > 0) (out.files[name] ??= []).push(item);
      }
    }
  }
  return out;
}

/** Stores the files a form post carried for `ownerId`, at most `max`; returns their upload ids. */
export async function storeFormFiles(
  c: AppContext,
  ownerId: string,
  files: File[],
  max = 3,
): Promise<string[]> {
  if (files.length > max) {
    throw new HttpError("validation", `Attach at most ${max} files at a time.`, {
      errors: [{ path: "attachments", message: `Attach at most ${max} files at a time.` }],
    });
  }
  const ids: string[] = [];
  for (const file of files) {
    const upload = await createUpload(uploadDeps(c), ownerId, {
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    ids.push(upload.id);
  }
  return ids;
}
