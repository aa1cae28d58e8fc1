/**
 * Upload limits, shared by the server, pages and browser code (no zod here, so islands that
 * import them stay small; the API's zod view is in lib/schemas/uploads.ts).
 */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const UPLOADS_PER_HOUR = 10;

/** What a file input should offer; the server still decides from the bytes. */
export const UPLOAD_ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf,text/plain";
