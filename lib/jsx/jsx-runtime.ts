/**
 * Preact's JSX runtime with one fix. Preact 10's `jsxEscape` (used by the `precompile`
 * transform for `{expression}` inside templates) escapes the strings of an ARRAY in place and
 * returns the array, which the renderer then escapes a second time ("a&b" shows as "a&amp;b"),
 * and it mutates the caller's array. Strings in arrays need no escaping here: the renderer
 * escapes children itself. Everything else is Preact's own.
 */
import { jsxEscape as preactJsxEscape } from "preact/jsx-runtime";

export { Fragment, jsx, jsxAttr, jsxDEV, jsxs, jsxTemplate } from "preact/jsx-runtime";
export type { JSX } from "preact/jsx-runtime";

export const jsxEscape: typeof preactJsxEscape = (value) =>
  Array.isArray(value)
    ? value.map((v) => (typeof v === "string" ? v : jsxEscape(v))) as never
    : preactJsxEscape(value);
