import assert from "node:assert/strict";
import { hashPassword, verifyDummy, verifyPassword } from "./passwords.ts";

Deno.test("passwords - hashes are argon2id with the OWASP parameters and a random salt", async () => {
  const a = await hashPassword("correct horse battery");
  const b = await hashPassword("correct horse battery");
  assert.ok(a.startsWith("$argon2id$"), a);
  assert.match(a, /\$m=19456,t=2,p=1\$/);
  assert.notEqual(a, b);
});

Deno.test("passwords - verify is true for the password and false otherwise", async () => {
  const stored = await hashPassword("correct horse battery");
  assert.equal(await verifyPassword(stored, "correct horse battery"), true);
  assert.equal(await verifyPassword(stored, "correct horse battery "), false);
  assert.equal(await verifyPassword(stored, "Correct horse battery"), false);
  assert.equal(await verifyPassword(stored, ""), false);
});

Deno.test("passwords - a malformed stored hash verifies false instead of throwing", async () => {
  assert.equal(await verifyPassword("not-a-hash", "whatever password"), false);
  assert.equal(await verifyPassword("", "whatever password"), false);
});

Deno.test("passwords - the unknown-account path spends about one verification's time", async () => {
  const stored = await hashPassword("correct horse battery");
  await verifyDummy("warm up the dummy hash");
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) await fn();
    return performance.now() - t0;
  };
  const real = await time(() => verifyPassword(stored, "wrong password here"));
  const dummy = await time(() => verifyDummy("wrong password here"));
  assert.equal(await verifyDummy("anything"), false);
  // Generous bounds: the point is that argon2 really runs, not a precise timing match.
  assert.ok(dummy > real * 0.3, `dummy ${dummy.toFixed(1)}ms vs real ${real.toFixed(1)}ms`);
});
