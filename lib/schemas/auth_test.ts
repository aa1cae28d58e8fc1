import assert from "node:assert/strict";
import type { z } from "zod";
import {
  ChangePasswordBody,
  EmailBody,
  LoginBody,
  Money,
  ProfilePatch,
  RegisterBody,
} from "./auth.ts";

const valid = {
  email: "Ada@Example.com",
  password: "a long enough password",
  displayName: "Ada",
  role: "worker",
};

/** The issue paths of a failed parse (joined with "."), or null when it succeeds. */
function issuePaths(schema: z.ZodType, value: unknown): string[] | null {
  const r = schema.safeParse(value);
  if (r.success) return null;
  return r.error.issues.map((i) =>
    i.code === "unrecognized_keys" ? `unknown:${i.keys.join(",")}` : i.path.join(".")
  );
}

Deno.test("schemas - register normalises the email to lower case", () => {
  const r = RegisterBody.parse({ ...valid, email: "  Ada.Lovelace@EXAMPLE.com " });
  assert.equal(r.email, "ada.lovelace@example.com");
});

Deno.test("schemas - passwords need at least 10 characters", () => {
  assert.deepEqual(issuePaths(RegisterBody, { ...valid, password: "123456789" }), ["password"]);
  assert.equal(issuePaths(RegisterBody, { ...valid, password: "1234567890" }), null);
  assert.deepEqual(issuePaths(RegisterBody, { ...valid, password: "x".repeat(257) }), [
    "password",
  ]);
});

Deno.test("schemas - the password may not be the email, in any case", () => {
  for (const password of ["ada@example.com", "ADA@EXAMPLE.COM", " Ada@Example.com "]) {
    assert.deepEqual(issuePaths(RegisterBody, { ...valid, password }), ["password"], password);
  }
});

Deno.test("schemas - unknown fields are refused, not dropped", () => {
  assert.deepEqual(issuePaths(RegisterBody, { ...valid, isAdmin: true }), ["unknown:isAdmin"]);
  assert.deepEqual(issuePaths(LoginBody, { email: "a@b.co", password: "x", extra: 1 }), [
    "unknown:extra",
  ]);
  assert.deepEqual(issuePaths(ProfilePatch, { email: "new@b.co" }), ["unknown:email"]);
  assert.deepEqual(
    issuePaths(ProfilePatch, { hourlyRate: { amountMinor: 1, currency: "EUR", x: 1 } }),
    [
      "unknown:x",
    ],
  );
});

Deno.test("schemas - wrong types and missing fields name the field", () => {
  assert.deepEqual(issuePaths(RegisterBody, { ...valid, role: "admin" }), ["role"]);
  assert.deepEqual(issuePaths(RegisterBody, { ...valid, displayName: 42 }), ["displayName"]);
  const { email: _e, ...noEmail } = valid;
  assert.deepEqual(issuePaths(RegisterBody, noEmail), ["email"]);
  assert.deepEqual(issuePaths(EmailBody, { email: "not-an-email" }), ["email"]);
  assert.deepEqual(issuePaths(RegisterBody, { ...valid, displayName: "   " }), ["displayName"]);
});

Deno.test("schemas - change password refuses the current password as the new one", () => {
  assert.deepEqual(
    issuePaths(ChangePasswordBody, {
      currentPassword: "same password!",
      newPassword: "same password!",
    }),
    ["newPassword"],
  );
});

Deno.test("schemas - skills are trimmed, lower-cased and deduplicated", () => {
  const r = ProfilePatch.parse({ skills: ["Plumbing", " plumbing ", "C#", "c#", "Node.js"] });
  assert.deepEqual(r.skills, ["plumbing", "c#", "node.js"]);
  assert.deepEqual(issuePaths(ProfilePatch, { skills: ["<script>"] }), ["skills.0"]);
  assert.deepEqual(issuePaths(ProfilePatch, { skills: Array(31).fill("a") }), ["skills"]);
});

Deno.test("schemas - time zones must be IANA names", () => {
  for (const tz of ["Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"]) {
    assert.equal(issuePaths(ProfilePatch, { timezone: tz }), null, tz);
  }
  for (const tz of ["Mars/Olympus", "Europe/Nowhere", "", "Berlin"]) {
    assert.deepEqual(issuePaths(ProfilePatch, { timezone: tz }), ["timezone"], tz);
  }
  assert.equal(issuePaths(ProfilePatch, { timezone: null }), null);
});

Deno.test("schemas - money is integer minor units with an ISO currency", () => {
  assert.deepEqual(Money.parse({ amountMinor: 2500, currency: "EUR" }), {
    amountMinor: 2500,
    currency: "EUR",
  });
  const table: [unknown, string[]][] = [
    [{ amountMinor: 25.5, currency: "EUR" }, ["amountMinor"]],
    [{ amountMinor: "2500", currency: "EUR" }, ["amountMinor"]],
    [{ amountMinor: -1, currency: "EUR" }, ["amountMinor"]],
    [{ amountMinor: 1e12, currency: "EUR" }, ["amountMinor"]],
    [{ amountMinor: 100, currency: "eur" }, ["currency"]],
    [{ amountMinor: 100, currency: "EURO" }, ["currency"]],
    [{ amountMinor: Number.NaN, currency: "EUR" }, ["amountMinor"]],
  ];
  for (const [value, paths] of table) {
    assert.deepEqual(issuePaths(Money, value), paths, JSON.stringify(value));
  }
});

Deno.test("schemas - locations are bounded coordinates", () => {
  assert.equal(issuePaths(ProfilePatch, { location: { lat: 52.52, lng: 13.405 } }), null);
  assert.deepEqual(issuePaths(ProfilePatch, { location: { lat: 91, lng: 0 } }), ["location.lat"]);
  assert.deepEqual(issuePaths(ProfilePatch, { location: { lat: 0, lng: -181 } }), [
    "location.lng",
  ]);
});
