/**
 * Builds the browser bundles into static/_build: the island boot script and one entry per
 * island, code-split so Preact and shared code load once. Entry files get content-hashed names
 * (chunks already have them) and manifest.json maps island names to their URLs.
 * Also refreshes routes.gen.ts, so a new route or island needs no extra step.
 */
const root = new URL("../", import.meta.url);
const outDir = new URL("static/_build/", root);

async function run(args: string[]) {
  const { success } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  })
    .output();
  if (!success) throw new Error(`deno ${args.join(" ")} failed`);
}

async function hashFile(url: URL): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(url));
  return Array.from(new Uint8Array(digest).slice(0, 5), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

await run(["run", "-A", "scripts/manifest.ts"]);

const islands: string[] = [];
for await (const e of Deno.readDir(new URL("islands/", root))) {
  if (e.isFile && /\.tsx?$/.test(e.name) && !e.name.includes("_test")) islands.push(e.name);
}
islands.sort();

// The server renders JSX with the precompile transform, whose output only
// preact-render-to-string understands; browsers need the automatic runtime.
const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", root)));
const clientConfig = {
  imports: config.imports,
  nodeModulesDir: config.nodeModulesDir,
  compilerOptions: { ...config.compilerOptions, jsx: "react-jsx" },
};
const clientConfigUrl = new URL(".deno.client.json", root);
await Deno.writeTextFile(clientConfigUrl, JSON.stringify(clientConfig, null, 2));

await Deno.remove(outDir, { recursive: true }).catch(() => {});
try {
  await run([
    "bundle",
    "--quiet",
    "--config",
    ".deno.client.json",
    "--platform",
    "browser",
    "--code-splitting",
    "--minify",
    "--outdir",
    "static/_build",
    "client/boot.ts",
    ...islands.map((f) => `islands/${f}`),
  ]);
} finally {
  await Deno.remove(clientConfigUrl).catch(() => {});
}

async function fingerprint(rel: string): Promise<string> {
  const src = new URL(rel, outDir);
  const hashed = rel.replace(/\.(js|css)$/, `-${await hashFile(src)}.$1`);
  await Deno.rename(src, new URL(hashed, outDir));
  return `/static/_build/${hashed}`;
}

/** static/css/*.css in name order, joined into one stylesheet (one request, cascade order kept). */
async function buildStyles(): Promise<string> {
  const names: string[] = [];
  for await (const e of Deno.readDir(new URL("static/css/", root))) {
    if (e.isFile && e.name.endsWith(".css")) names.push(e.name);
  }
  names.sort();
  const parts = await Promise.all(
    names.map((n) => Deno.readTextFile(new URL(`static/css/${n}`, root))),
  );
  await Deno.writeTextFile(new URL("styles.css", outDir), parts.join("\n"));
  return await fingerprint("styles.css");
}

const manifest = {
  styles: await buildStyles(),
  boot: await fingerprint("client/boot.js"),
  islands: Object.fromEntries(
    await Promise.all(islands.map(async (f) => {
      const name = f.replace(/\.tsx?$/, "");
      return [name, await fingerprint(`islands/${name}.js`)] as const;
    })),
  ),
};
await Deno.writeTextFile(
  new URL("manifest.json", outDir),
  JSON.stringify(manifest, null, 2) + "\n",
);
Deno.stdout.writeSync(
  new TextEncoder().encode(`built ${islands.length} island(s) into static/_build\n`),
);
