/** lib/linkify.ts: only http(s) URLs become links; everything else stays text, exactly. */
import assert from "node:assert/strict";
import { linkify, type Segment } from "@/lib/linkify.ts";

const t = (text: string): Segment => ({ text });
const l = (link: string, href = link): Segment => ({ link, href });

const CASES: [string, string, Segment[]][] = [
  ["plain text", "hello there", [t("hello there")]],
  ["empty", "", []],
  ["a lone link", "https://example.com", [l("https://example.com", "https://example.com/")]],
  ["a link in a sentence", "see http://a.example/x?y=1#z now", [
    t("see "),
    l("http://a.example/x?y=1#z"),
    t(" now"),
  ]],
  ["trailing full stop", "Go to https://a.example/path.", [
    t("Go to "),
    l("https://a.example/path"),
    t("."),
  ]],
  ["trailing punctuation run", "https://a.example/x?!...", [l("https://a.example/x"), t("?!...")]],
  ["in parentheses", "(https://a.example/x)", [t("("), l("https://a.example/x"), t(")")]],
  ["balanced parentheses kept", "https://en.wikipedia.org/wiki/Tiling_(art)", [
    l("https://en.wikipedia.org/wiki/Tiling_(art)"),
  ]],
  ["two links", "https://a.example, https://b.example", [
    l("https://a.example", "https://a.example/"),
    t(", "),
    l("https://b.example", "https://b.example/"),
  ]],
  ["upper-case scheme", "HTTPS://A.EXAMPLE/X", [l("HTTPS://A.EXAMPLE/X", "https://a.example/X")]],
  ["script tag stays text", "<script>alert(1)</script>", [t("<script>alert(1)</script>")]],
  ["img onerror stays text", '<img src=x onerror="alert(1)">', [
    t('<img src=x onerror="alert(1)">'),
  ]],
  ["javascript: stays text", "javascript:alert(1)", [t("javascript:alert(1)")]],
  ["JavaScript: in any case", "JaVaScRiPt:alert(document.cookie)", [
    t("JaVaScRiPt:alert(document.cookie)"),
  ]],
  ["data: stays text", "data:text/html,<script>alert(1)</script>", [
    t("data:text/html,<script>alert(1)</script>"),
  ]],
  ["vbscript: stays text", "vbscript:msgbox(1)", [t("vbscript:msgbox(1)")]],
  ["javascript wrapping http", "javascript:http://a.example", [
    t("javascript:"),
    l("http://a.example", "http://a.example/"),
  ]],
  ["glued to a word", "xhttp://a.example", [t("xhttp://a.example")]],
  ["URL ends at a quote or angle bracket", '<a href="https://a.example/x">y</a>', [
    t('<a href="'),
    l("https://a.example/x"),
    t('">y</a>'),
  ]],
  ["scheme without a host", "http:// nothing", [t("http:// nothing")]],
  ["unicode text around", "Olá 👋 https://a.example/ção — ok", [
    t("Olá 👋 "),
    l("https://a.example/ção", "https://a.example/%C3%A7%C3%A3o"),
    t(" — ok"),
  ]],
  ["unicode host", "https://bücher.example/", [
    l("https://bücher.example/", "https://xn--bcher-kva.example/"),
  ]],
  ["newlines kept", "line one\nhttps://a.example\nline three", [
    t("line one\n"),
    l("https://a.example", "https://a.example/"),
    t("\nline three"),
  ]],
  ["credentials-looking URL still http", "https://user@a.example/", [
    l("https://user@a.example/"),
  ]],
];

for (const [name, input, expected] of CASES) {
  Deno.test(`linkify - ${name}`, () => {
    const segments = linkify(input);
    assert.deepEqual(segments, expected);
    // Joined back, the segments are the original text: nothing is lost or added.
    assert.equal(segments.map((s) => "text" in s ? s.text : s.link).join(""), input);
    for (const s of segments) {
      if ("href" in s) assert.match(s.href, /^https?:\/\//);
    }
  });
}
