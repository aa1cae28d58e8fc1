/** The API view of a stored file. The limits are in lib/upload_limits.ts. */
import { z } from "zod";

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
