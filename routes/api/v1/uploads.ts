import { UploadView } from "@/lib/schemas/uploads.ts";
import { HttpError, validationError } from "@/server/errors.ts";
import { createUpload, toUploadView, UPLOAD_LIMIT } from "@/server/uploads/uploads.ts";
import { uploadDeps } from "@/server/uploads/web.ts";
import { defineApi, op } from "@/server/web/api.ts";

export const handler = defineApi({
  POST: op({
    summary: 'Upload a file (multipart/form-data, field "file")',
    description: "Images (JPEG, PNG, GIF, WebP), PDF and plain text up to 5 MB. The type is " +
      "decided from the file's bytes; SVG, HTML and programs are refused. 10 uploads an hour " +
      "per user. Attach the returned id to a task, proposal, deliverable or portfolio item.",
    tags: ["uploads"],
    auth: true,
    responses: {
      201: { description: "The stored file", schema: UploadView },
      401: { description: "Not signed in" },
      413: { description: "Larger than 5 MB" },
      415: { description: "Not multipart, or a file type that is not accepted" },
      422: { description: 'No file in the field "file"' },
      429: { description: `More than ${UPLOAD_LIMIT.limit} uploads in an hour` },
    },
    async handle(c, { viewer }) {
      const type = c.req.header("content-type") ?? "";
      if (!/^multipart\/form-data\b/i.test(type)) {
        throw new HttpError(
          "unsupported-media-type",
          'Send the file as multipart/form-data in a field named "file".',
        );
      }
      let form: Record<string, string | File | (string | File)[]>;
      try {
        form = await c.req.parseBody({ all: true });
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError("bad-request", "The multipart body could not be read.");
      }
      const file = form.file;
      if (!(file instanceof File)) {
        throw validationError([{ path: "body.file", message: 'Send exactly one file in "file".' }]);
      }
      const upload = await createUpload(uploadDeps(c), viewer.user.id, {
        name: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      c.header("Location", `/files/${upload.id}`);
      return c.json(toUploadView(upload), 201);
    },
  }),
});
