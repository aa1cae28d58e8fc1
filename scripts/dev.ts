/**
 * `deno task dev`: the server with --watch, plus a watcher that rebuilds the island bundles,
 * the stylesheet and the route manifest when islands/, client/, routes/, components/, lib/ or
 * static/ change. The server restarts on any change to its module graph or the bundle manifest.
 */
const root = new URL("../", import.meta.url);
const deno = Deno.execPath();

function build() {
  return new Deno.Command(deno, { args: ["run", "-A", "scripts/build.ts"], cwd: root }).output()
    .then((r) => r.success);
}

const server = new Deno.Command(deno, {
  args: ["run", "-A", "--unstable-cron", "--watch=static/_build/manifest.json", "main.ts"],
  cwd: root,
  stdout: "inherit",
  stderr: "inherit",
}).spawn();

const watcher = Deno.watchFs(
  ["islands", "client", "routes", "components", "lib", "static"].map((d) =>
    new URL(d, root).pathname
  ),
);
let timer: ReturnType<typeof setTimeout> | undefined;
let building = Promise.resolve(true);
Deno.addSignalListener("SIGINT", () => {
  server.kill("SIGTERM");
  watcher.close();
});
for await (const event of watcher) {
  if (!event.paths.some((p) => /\.(tsx?|jsx?|css)$/.test(p) && !p.includes("/_build/"))) continue;
  clearTimeout(timer);
  timer = setTimeout(() => {
    building = building.then(build);
  }, 150);
}
await server.status;
