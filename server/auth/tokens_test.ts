import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { accessClaims, craftJwt } from "@/tests/helpers/jwt.ts";
import {
  ACCESS_TTL_MS,
  createTokenKeys,
  randomSecret,
  sha256,
  signAccessToken,
  verifyAccessToken,
} from "./tokens.ts";

const SECRET = "test-secret-that-is-long-enough-0123456789";
const keys = createTokenKeys(SECRET);
const NOW = Date.UTC(2030, 0, 1);
const claims = { sub: "user-1", sid: "session-1" };

Deno.test("tokens - a signed access token verifies to its claims", async () => {
  const token = await signAccessToken(keys, claims, NOW);
  assert.deepEqual(await verifyAccessToken(keys, token, NOW), claims);
  assert.deepEqual(await verifyAccessToken(keys, token, NOW + ACCESS_TTL_MS - 1000), claims);
});

Deno.test("tokens - an expired access token is refused", async () => {
  const token = await signAccessToken(keys, claims, NOW);
  assert.equal(await verifyAccessToken(keys, token, NOW + ACCESS_TTL_MS + 1000), null);
});

Deno.test("tokens - a token signed with another secret is refused", async () => {
  const other = createTokenKeys("another-secret-that-is-long-enough-9876543210");
  const token = await signAccessToken(other, claims, NOW);
  assert.equal(await verifyAccessToken(keys, token, NOW), null);
});

Deno.test("tokens - a token with a tampered payload is refused", async () => {
  const token = await signAccessToken(keys, claims, NOW);
  const [h, , s] = token.split(".");
  const forged = await craftJwt({ alg: "HS256" }, accessClaims("admin", "session-1", NOW));
  assert.equal(await verifyAccessToken(keys, `${h}.${forged.split(".")[1]}.${s}`, NOW), null);
});

Deno.test("tokens - wrong audience or issuer is refused", async () => {
  const iat = Math.floor(NOW / 1000);
  const sign = (iss: string, aud: string) =>
    new SignJWT({ sid: "session-1" }).setProtectedHeader({ alg: "HS256" }).setSubject("user-1")
      .setIssuer(iss).setAudience(aud).setIssuedAt(iat).setExpirationTime(iat + 600)
      .sign(keys.secret);
  assert.deepEqual(
    await verifyAccessToken(keys, await sign("workmate", "workmate:access"), NOW),
    claims,
  );
  assert.equal(
    await verifyAccessToken(keys, await sign("workmate", "workmate:refresh"), NOW),
    null,
  );
  assert.equal(await verifyAccessToken(keys, await sign("evil", "workmate:access"), NOW), null);
});

Deno.test("tokens - an unsigned alg:none token crafted by hand is refused", async () => {
  for (const alg of ["none", "None", "NONE"]) {
    const token = await craftJwt({ alg, typ: "JWT" }, accessClaims("user-1", "session-1", NOW));
    assert.equal(await verifyAccessToken(keys, token, NOW), null, alg);
  }
});

Deno.test("tokens - HS384 and HS512 tokens made with the right secret are refused", async () => {
  for (const alg of ["HS384", "HS512"]) {
    const token = await craftJwt({ alg }, accessClaims("user-1", "session-1", NOW), SECRET);
    assert.equal(await verifyAccessToken(keys, token, NOW), null, alg);
  }
  // The same crafting with HS256 is accepted, so the refusals above are about the algorithm.
  const ok = await craftJwt({ alg: "HS256" }, accessClaims("user-1", "session-1", NOW), SECRET);
  assert.deepEqual(await verifyAccessToken(keys, ok, NOW), claims);
});

Deno.test("tokens - claims without sub or sid are refused", async () => {
  const { sid: _sid, ...noSid } = accessClaims("user-1", "session-1", NOW);
  const { sub: _sub, ...noSub } = accessClaims("user-1", "session-1", NOW);
  assert.equal(
    await verifyAccessToken(keys, await craftJwt({ alg: "HS256" }, noSid, SECRET), NOW),
    null,
  );
  assert.equal(
    await verifyAccessToken(keys, await craftJwt({ alg: "HS256" }, noSub, SECRET), NOW),
    null,
  );
  const numericSid = { ...accessClaims("user-1", "x", NOW), sid: 42 };
  assert.equal(
    await verifyAccessToken(keys, await craftJwt({ alg: "HS256" }, numericSid, SECRET), NOW),
    null,
  );
});

Deno.test("tokens - garbage strings are refused without throwing", async () => {
  const garbage = [
    "",
    "abc",
    "a.b.c",
    "...",
    "eyJhbGciOiJIUzI1NiJ9..",
    "not a token at all",
    "\u0000\u0001",
    "x".repeat(10_000),
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.!!!",
  ];
  for (const g of garbage) {
    assert.equal(await verifyAccessToken(keys, g, NOW), null, g.slice(0, 20));
  }
});

Deno.test("tokens - random secrets are URL-safe, 256-bit and distinct; sha256 is hex", async () => {
  const a = randomSecret(), b = randomSecret();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, b);
  assert.equal(
    await sha256("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
