/**
 * Message text as text nodes and safe links (lib/linkify.ts): Preact escapes every string it
 * renders, so no HTML from a message can become markup, and only http(s) URLs become <a>.
 */
import { linkify } from "@/lib/linkify.ts";

export function ChatText({ text }: { text: string }) {
  // An array, not a fragment: with the precompile JSX transform, strings inside a fragment's
  // expression are escaped by the template and then again by the renderer ("&amp;lt;").
  return linkify(text).map((s) =>
    "href" in s
      ? (
        <a href={s.href} rel="noopener noreferrer nofollow" target="_blank">
          {s.link}
        </a>
      )
      : s.text
  );
}
