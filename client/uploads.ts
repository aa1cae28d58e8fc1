/** Uploads a file the way the API wants it (multipart, field "file") for attaching to a message. */
import { MAX_UPLOAD_BYTES } from "@/lib/upload_limits.ts";

export type UploadResult =
  | { status: "done"; id: string }
  | { status: "error"; error: string };

export async function uploadFile(file: File, fetchFn: typeof fetch = fetch): Promise<UploadResult> {
  if (file.size > MAX_UPLOAD_BYTES) return { status: "error", error: "Larger than 5 MB." };
  const body = new FormData();
  body.append("file", file);
  try {
    const res = await fetchFn("/api/v1/uploads", {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { accept: "application/json" },
    });
    const data = await res.json().catch(() => ({}));
    if (res.ok && typeof data.id === "string") return { status: "done", id: data.id };
    return { status: "error", error: data.detail ?? `Upload failed (${res.status}).` };
  } catch {
    return { status: "error", error: "Upload failed: you seem to be offline." };
  }
}
