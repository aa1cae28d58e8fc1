/**
 * Opaque pagination cursors: base64url JSON of the sort's name, the last row's sort key and
 * its id. A cursor from another sort, or one that was tampered with, is a 422.
 */
import { validationError } from "@/server/errors.ts";

export interface CursorPosition {
  /** The sort key of the last row returned (number, string or null). */
  k: number | string | null;
  /** The id of the last row returned: the tie-breaker. */
  i: string;
}

export function encodeCursor(sort: string, pos: CursorPosition): string {
  const json = JSON.stringify({ s: sort, k: pos.k, i: pos.i });
  const bytes = new TextEncoder().encode(json);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function decodeCursor(cursor: string, sort: string): CursorPosition {
  const bad = () =>
    validationError([{
      path: "query.cursor",
      message: "This cursor is not valid for this search. Start again without cursor.",
    }]);
  try {
    const b64 = cursor.replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, "="));
    const json = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(bin, (ch) => ch.charCodeAt(0)),
    );
    const v = JSON.parse(json);
    const keyOk = v.k === null || typeof v.k === "string" ||
      (typeof v.k === "number" && Number.isFinite(v.k));
    if (v?.s !== sort || !keyOk || typeof v.i !== "string" || v.i.length > 64) throw bad();
    return { k: v.k, i: v.i };
  } catch {
    throw bad();
  }
}
