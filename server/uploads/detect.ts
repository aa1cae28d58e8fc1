/**
 * What a file is, decided from its bytes (never from the name or the client's Content-Type),
 * and a file name that is safe to store and to send back in a Content-Disposition header.
 */

export interface FileType {
  mime: string;
  kind: "image" | "document";
  /** Extensions this type may keep; the first is used when the name has none of them. */
  extensions: string[];
}

const TYPES = {
  jpeg: { mime: "image/jpeg", kind: "image", extensions: ["jpg", "jpeg"] },
  png: { mime: "image/png", kind: "image", extensions: ["png"] },
  gif: { mime: "image/gif", kind: "image", extensions: ["gif"] },
  webp: { mime: "image/webp", kind: "image", extensions: ["webp"] },
  pdf: { mime: "application/pdf", kind: "document", extensions: ["pdf"] },
  text: { mime: "text/plain; charset=utf-8", kind: "document", extensions: ["txt"] },
} satisfies Record<string, FileType>;

export type Detection =
  | { ok: true; type: FileType }
  | { ok: false; reason: string };

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) =>
  sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

/** Markup a browser could run if the file were ever sniffed as HTML/SVG/XML. */
const MARKUP_START = /^<(!doctype|html|svg|\?xml|script|head|body|iframe|!--|meta|object|embed)/i;

export function detectFileType(bytes: Uint8Array): Detection {
  if (bytes.length === 0) return { ok: false, reason: "The file is empty." };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, type: TYPES.jpeg };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { ok: true, type: TYPES.png };
  }
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) {
    return { ok: true, type: TYPES.gif };
  }
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) {
    return { ok: true, type: TYPES.webp };
  }
  if (startsWith(bytes, ascii("%PDF-"))) return { ok: true, type: TYPES.pdf };
  if (
    startsWith(bytes, ascii("MZ")) || startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]) ||
    startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe]) || startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xce, 0xfa, 0xed, 0xfe]) || startsWith(bytes, [0xfe, 0xed, 0xfa, 0xce]) ||
    startsWith(bytes, [0xfe, 0xed, 0xfa, 0xcf]) || startsWith(bytes, ascii("#!"))
  ) {
    return { ok: false, reason: "Programs and scripts cannot be uploaded." };
  }
  return detectText(bytes);
}

function detectText(bytes: Uint8Array): Detection {
  const refused = {
    ok: false as const,
    reason: "Upload an image (JPEG, PNG, GIF, WebP), a PDF or a plain-text file.",
  };
  if (bytes.includes(0)) return refused;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return refused;
  }
  const start = text.replace(/^\uFEFF/, "").trimStart().slice(0, 64);
  if (MARKUP_START.test(start)) {
    return { ok: false, reason: "HTML, SVG and XML files cannot be uploaded." };
  }
  return { ok: true, type: TYPES.text };
}

const MAX_NAME = 100;

/**
 * A file name without directories, control or bidi-override characters, or characters that
 * are special in file systems and headers; at most 100 characters; its extension one of the
 * detected type's (so "photo.pdf" holding PNG bytes becomes "photo.png").
 */
export function sanitizeFileName(raw: string, type: FileType): string {
  const base = raw.split(/[/\\]/).pop() ?? "";
  let name = base.normalize("NFC")
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
    .replace(/[<>:"|?*;]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+/, "");
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
  let stem = dot > 0 ? name.slice(0, dot) : name;
  const keep = type.extensions.includes(ext) ? ext : type.extensions[0];
  stem = stem.replace(/[.\s]+$/, "");
  if (!stem) stem = "file";
  const room = MAX_NAME - keep.length - 1;
  if ([...stem].length > room) stem = [...stem].slice(0, room).join("").trimEnd();
  name = `${stem}.${keep}`;
  return name;
}

/**
 * `inline` or `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266 /
 * RFC 8187), so no name can break out of the header.
 */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
