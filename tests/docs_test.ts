/** The README's configuration table lists every variable the server reads. */
import assert from "node:assert/strict";
import { ConfigSchema } from "@/server/config.ts";

Deno.test("docs - README documents every configuration variable", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const missing = Object.keys(ConfigSchema.shape).filter((k) => !readme.includes(`| \`${k}\``));
  assert.deepEqual(missing, []);
});
