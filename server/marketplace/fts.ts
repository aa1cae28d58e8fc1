/**
 * User text → a safe FTS5 query. Words are taken out of the text (letters and digits, as the
 * unicode61 tokenizer sees them) and each is quoted, so operators (OR, NEAR, *, ^, quotes,
 * parentheses, column filters) typed by a user are plain words and can never be a syntax error.
 * The last word also matches as a prefix, which is what search-as-you-type needs.
 */
const MAX_TERMS = 12;

export function toFtsQuery(text: string | undefined): string | null {
  if (!text) return null;
  const words = text.normalize("NFC").match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_TERMS) ?? [];
  if (words.length === 0) return null;
  const quoted = words.map((w) => `"${w.replace(/"/g, '""')}"`);
  const endsInWord = /[\p{L}\p{N}]$/u.test(text.trim());
  const last = quoted.length - 1;
  if (endsInWord && words[last].length >= 2) {
    quoted[last] = `(${quoted[last]} OR ${quoted[last]}*)`;
  }
  return quoted.join(" AND ");
}
