/**
 * Message text → segments that pages render as text nodes and links. Only absolute http(s)
 * URLs become links; anything else (javascript:, data:, vbscript:, bare "www.") stays text.
 * Nothing here produces HTML: the caller renders `text` as a text node and `href` as an
 * attribute value through Preact, which escapes both, so no markup from a message reaches a page.
 */

export type Segment = { text: string } | { link: string; href: string };

/** Where a URL may start (case-insensitive), not glued to a preceding word: "xhttp://" is not one. */
const URL_START = /(?<![\p{L}\p{N}_])https?:\/\//giu;
/** A URL runs until whitespace or a character that never belongs to one in running text. */
// deno-lint-ignore no-control-regex
const URL_BODY = /^[^\s<>"'`\u0000-\u001f\u007f]+/u;
/** Punctuation that ends a sentence rather than the URL ("see https://a.example/x."). */
const TRAILING = /[.,;:!?*_~]+$/u;
const PAIRS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/** Splits `text` into plain and link segments; joined back they give `text` exactly. */
export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let plainFrom = 0;
  URL_START.lastIndex = 0;
  for (let m = URL_START.exec(text); m; m = URL_START.exec(text)) {
    const start = m.index;
    const body = URL_BODY.exec(text.slice(start + m[0].length));
    if (!body) continue;
    const candidate = trimUrl(m[0] + body[0]);
    const href = safeHref(candidate);
    if (!href) {
      URL_START.lastIndex = start + m[0].length;
      continue;
    }
    if (start > plainFrom) out.push({ text: text.slice(plainFrom, start) });
    out.push({ link: candidate, href });
    plainFrom = start + candidate.length;
    URL_START.lastIndex = plainFrom;
  }
  if (plainFrom < text.length) out.push({ text: text.slice(plainFrom) });
  return out;
}

/** Drops trailing sentence punctuation and closing brackets that have no opening partner. */
function trimUrl(url: string): string {
  let s = url;
  for (;;) {
    const before = s;
    s = s.replace(TRAILING, "");
    const last = s.at(-1);
    if (last && PAIRS[last] && count(s, PAIRS[last]) < count(s, last)) s = s.slice(0, -1);
    if (s === before) return s;
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** The URL's normalised href when it is a well-formed http(s) URL with a host, else null. */
export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (!url.hostname) return null;
    return url.href;
  } catch {
    return null;
  }
}
