/** Upload limits and the view of a stored file, shared by the API, pages and forms. */
import { z } from "zod";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const UPLOADS_PER_HOUR = 10;

/** What a file input should offer; the server still decides from the bytes. */
export const UPLOAD_ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf,text/plain";

export const UploadView = z.object({
  id: z.string(),
  fileName: z.string().describe("Sanitised; its extension matches the detected type."),
  mime: z.string().describe("Detected from the file's bytes, not from what the client said."),
  size: z.int(),
  kind: z.enum(["image", "document"]),
  url: z.string().describe("Where the file is served (access-checked)."),
  createdAt: z.string(),
}).meta({ id: "Upload" });
export type UploadViewT = z.infer<typeof UploadView>;
