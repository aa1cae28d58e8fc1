/**
 * The import rules of DESIGN.md, checked on the real module graph (`deno info --json`):
 * browser code (islands, components, client, lib) never imports server/ or db/ values;
 * server/ never imports routes/; nothing imports main.ts.
 */
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url).href;

interface Dep {
  specifier: string;
  code?: { specifier: string };
  type?: { specifier: string };
}
interface Module {
  specifier: string;
  dependencies?: Dep[];
}

async function graph(entry: string): Promise<Module[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: new URL(root),
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.ok(out.success, `deno info ${entry} failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout)).modules;
}

function local(specifier: string | undefined): string | undefined {
  return specifier?.startsWith(root) ? specifier.slice(root.length) : undefined;
}

const modules = [...await graph("main.ts"), ...await graph("client/boot.ts")];
const edges = modules.flatMap((m) => {
  const from = local(m.specifier);
  if (!from) return [];
  return (m.dependencies ?? []).flatMap((d) => [
    ...(d.code ? [{ from, to: local(d.code.specifier), kind: "value" as const }] : []),
    ...(d.type && !d.code ? [{ from, to: local(d.type.specifier), kind: "type" as const }] : []),
  ]).filter((e): e is { from: string; to: string; kind: "value" | "type" } => e.to !== undefined);
});

Deno.test("architecture - the graph covers pages, islands and the server", () => {
  const files = new Set(modules.map((m) => local(m.specifier)).filter(Boolean) as string[]);
  for (const dir of ["routes/", "islands/", "server/", "db/", "lib/", "client/"]) {
    assert.ok([...files].some((f) => f.startsWith(dir)), `no module from ${dir} in the graph`);
  }
});

Deno.test("architecture - browser code imports no server or db values", () => {
  const browser = /^(islands|components|client|lib)\//;
  const bad = edges.filter((e) =>
    browser.test(e.from) && e.kind === "value" && /^(server|db)\//.test(e.to)
  );
  assert.deepEqual(bad, []);
});

Deno.test("architecture - server and db never import routes, and nothing imports main.ts", () => {
  const bad = edges.filter((e) =>
    (/^(server|db|lib)\//.test(e.from) && /^routes\//.test(e.to)) || e.to === "main.ts" ||
    (/^db\//.test(e.from) && /^server\//.test(e.to))
  );
  assert.deepEqual(bad, []);
});
