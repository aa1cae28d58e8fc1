/** Helpers for the page tests: parse an HTML answer and read a form's state from it. */
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";

export async function readHtml(res: Response) {
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  const text = await res.text();
  const { document } = parseHTML(text);
  return { text, document };
}

/** The value attribute of the input named `name`, or null when there is no such input. */
export function inputValue(document: Document, name: string): string | null {
  const input = document.querySelector(`[name="${name}"]`);
  return input ? input.getAttribute("value") ?? input.textContent ?? "" : null;
}

/** The error text shown next to field `name` (rendered with id f-<name>-error). */
export function fieldError(document: Document, name: string): string | undefined {
  return document.getElementById(`f-${name}-error`)?.textContent?.trim();
}

export function location(res: Response): string {
  const value = res.headers.get("location");
  assert.ok(value, `expected a Location header (status ${res.status})`);
  return new URL(value, "http://x").pathname + new URL(value, "http://x").search;
}
