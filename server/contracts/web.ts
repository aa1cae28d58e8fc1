/**
 * What the proposal and contract pages share: reading a form post that may carry files
 * (multipart), storing those files through the uploads use case, and the 404 that a page
 * answers for an object its viewer may not see.
 */
import { HttpError } from "@/server/errors.ts";
import { createUpload } from "@/server/uploads/uploads.ts";
import { uploadDeps } from "@/server/uploads/web.ts";
import type { AppContext } from "@/server/web/context.ts";
import type { FieldErrors } from "@/server/web/forms.ts";

/** Files a page form may carry in one post. */
export const MAX_FORM_FILES = 3;

export interface PostedForm {
  values: Record<string, string>;
  files: File[];
}

/** Reads an urlencoded or multipart post: text fields, and the non-empty files of `files`. */
export async function readPostedForm(c: AppContext): Promise<PostedForm> {
  let raw: Record<string, string | File | (string | File)[]>;
  try {
    raw = await c.req.parseBody({ all: true });
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError("bad-request", "The form could not be read. Try again.");
  }
  const values: Record<string, string> = {};
  const files: File[] = [];
  for (const [key, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === "string") values[key] ??= v;
      else if (key === "files" && v.size > 0) files.push(v);
    }
  }
  return { values, files };
}

/**
 * Stores the posted files as the viewer's uploads and returns their ids, or the message to
 * show next to the file input (too many, too large, a refused type, the hourly limit).
 */
export async function storePostedFiles(
  c: AppContext,
  ownerId: string,
  files: File[],
): Promise<{ ids: string[] } | { errors: FieldErrors; status: number }> {
  if (files.length > MAX_FORM_FILES) {
    return { errors: { files: `Attach at most ${MAX_FORM_FILES} files.` }, status: 422 };
  }
  const ids: string[] = [];
  for (const file of files) {
    try {
      const upload = await createUpload(uploadDeps(c), ownerId, {
        name: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      ids.push(upload.id);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      return { errors: { files: `${file.name}: ${err.message}` }, status: err.status };
    }
  }
  return { ids };
}
