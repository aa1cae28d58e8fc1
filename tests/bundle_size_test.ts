/**
 * What pages ship to browsers stays small: each island's bundle with every chunk it imports
 * (transitively) stays under a budget, and no server-side library (zod, drizzle) leaks into
 * browser code through a value import of a shared module. Needs `deno task build`.
 */
import assert from "node:assert/strict";

const BUILD = new URL("../static/_build/", import.meta.url);
const BUDGET_BYTES = 60 * 1024;

async function closure(path: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(path)) return seen;
  seen.add(path);
  const text = await Deno.readTextFile(new URL(path, BUILD));
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
  for (const m of text.matchAll(/from\s*"(\.{1,2}\/[^"]+)"|import\s*"(\.{1,2}\/[^"]+)"/g)) {
    const rel = m[1] ?? m[2];
    await closure(new URL(rel, new URL(dir, BUILD)).pathname.slice(BUILD.pathname.length), seen);
  }
  return seen;
}

const manifest = JSON.parse(await Deno.readTextFile(new URL("manifest.json", BUILD)));
const entries: Record<string, string> = {
  boot: manifest.boot,
  ...manifest.islands,
};

for (const [name, url] of Object.entries(entries)) {
  Deno.test(`bundles - ${name} ships under ${BUDGET_BYTES / 1024} KB with no server libraries`, async () => {
    const files = await closure(String(url).replace("/static/_build/", ""));
    let bytes = 0;
    for (const f of files) {
      const text = await Deno.readTextFile(new URL(f, BUILD));
      bytes += new TextEncoder().encode(text).length;
      assert.doesNotMatch(text, /ZodError|drizzle|libsql/i, `${f} carries a server library`);
    }
    assert.ok(bytes < BUDGET_BYTES, `${name}: ${bytes} bytes over ${files.size} files`);
  });
}
