import { z } from "zod";
import { notFound } from "@/server/errors.ts";
import { contentDisposition } from "@/server/uploads/detect.ts";
import { findViewableUpload, readUploadBytes } from "@/server/uploads/access.ts";
import { uploadsDir } from "@/server/uploads/uploads.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  GET: op({
    summary: "A stored file",
    description: "Served to its owner and to whoever may see what it is attached to; anyone " +
      "else gets 404. Images and PDFs are shown inline, text is downloaded.",
    tags: ["uploads"],
    auth: false,
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    responses: {
      200: { description: "The file's bytes" },
      404: { description: "No such file, or not yours to see" },
    },
    async handle(c, { params, viewer }) {
      const { db, config } = c.get("deps");
      const upload = await findViewableUpload(
        db.orm,
        params.id,
        viewer ? { id: viewer.user.id, isAdmin: viewer.user.isAdmin } : null,
      );
      if (!upload) throw notFound("This file");
      const bytes = await readUploadBytes(uploadsDir(config.DATA_DIR), upload).catch(() => {
        throw notFound("This file");
      });
      const inline = upload.kind === "image" || upload.mime === "application/pdf";
      return c.body(bytes, 200, {
        "Content-Type": upload.mime,
        "Content-Length": String(bytes.length),
        "Content-Disposition": contentDisposition(
          inline ? "inline" : "attachment",
          upload.fileName,
        ),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=3600",
      });
    },
  }),
});
