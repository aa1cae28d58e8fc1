import assert from "node:assert/strict";
import { apiClient } from "../helpers/api.ts";
import { assertNothingChanges, setUserStatus } from "../helpers/db.ts";
import { assertFieldError, assertProblem, assertUnknownField } from "../helpers/problems.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";

const ME = "/api/v1/users/me";

Deno.test("profile - PATCH /users/me updates only the fields sent", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server, { displayName: "Before" });
  const res = await client.json("PATCH", ME, {
    headline: "  Plumber in Berlin  ",
    skills: ["Plumbing", "plumbing", "Heating"],
    hourlyRate: { amountMinor: 4500, currency: "EUR" },
    location: { name: "Berlin Mitte", lat: 52.520008, lng: 13.404954 },
    timezone: "Europe/Berlin",
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.displayName, "Before");
  assert.equal(res.body.headline, "Plumber in Berlin");
  assert.deepEqual(res.body.skills, ["plumbing", "heating"]);
  assert.deepEqual(res.body.hourlyRate, { amountMinor: 4500, currency: "EUR" });
  assert.deepEqual(res.body.location, { name: "Berlin Mitte", lat: 52.520008, lng: 13.404954 });
  assert.equal(res.body.timezone, "Europe/Berlin");
  const cleared = await client.json("PATCH", ME, {
    hourlyRate: null,
    location: null,
    timezone: null,
  });
  assert.equal(cleared.status, 200);
  assert.equal(cleared.body.hourlyRate, null);
  assert.equal(cleared.body.location, null);
  assert.equal(cleared.body.timezone, null);
  assert.equal(cleared.body.headline, "Plumber in Berlin");
});

Deno.test("profile - PATCH /users/me validates and changes nothing on error", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  const cases: [Record<string, unknown>, string][] = [
    [{ hourlyRate: { amountMinor: 12.5, currency: "EUR" } }, "body.hourlyRate.amountMinor"],
    [{ hourlyRate: { amountMinor: "1250", currency: "EUR" } }, "body.hourlyRate.amountMinor"],
    [{ hourlyRate: { amountMinor: 1250, currency: "euro" } }, "body.hourlyRate.currency"],
    [{ timezone: "Mars/Olympus" }, "body.timezone"],
    [{ location: { lat: 100, lng: 0 } }, "body.location.lat"],
    [{ skills: "plumbing" }, "body.skills"],
    [{ skills: ["<b>bold</b>"] }, "body.skills.0"],
    [{ displayName: "" }, "body.displayName"],
    [{ bio: "x".repeat(5001) }, "body.bio"],
    [{ headline: 42 }, "body.headline"],
  ];
  for (const [body, path] of cases) {
    const res = await assertNothingChanges(server, () => client.json("PATCH", ME, body), path);
    assertFieldError(res, path);
  }
  for (const field of ["email", "isAdmin", "role", "status", "passwordHash"]) {
    const res = await assertNothingChanges(
      server,
      () => client.json("PATCH", ME, { [field]: "x" }),
      field,
    );
    assertUnknownField(res, field);
  }
});

Deno.test("profile - /users/me needs a signed-in user", async () => {
  await using server = await startTestServer();
  assertProblem(await apiClient(server).json("GET", ME), 401, "unauthenticated");
  assertProblem(
    await apiClient(server).json("PATCH", ME, { headline: "x" }),
    401,
    "unauthenticated",
  );
});

Deno.test("profile - GET /users/:id shows only public fields, with coarse coordinates", async () => {
  await using server = await startTestServer();
  const { client, user } = await registerUser(server);
  await client.json("PATCH", ME, {
    bio: "Hello",
    location: { name: "Home", lat: 52.520008, lng: 13.404954 },
  });
  const res = await apiClient(server).json("GET", `/api/v1/users/${user.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.body).sort(), [
    "bio",
    "createdAt",
    "displayName",
    "emailVerified",
    "headline",
    "hourlyRate",
    "id",
    "location",
    "role",
    "skills",
    "timezone",
  ]);
  assert.deepEqual(res.body.location, { name: "Home", lat: 52.52, lng: 13.4 });
  const text = JSON.stringify(res.body);
  assert.doesNotMatch(text, /@example\.com|argon2|password/i);
});

Deno.test("profile - GET /users/:id is 404 for unknown, banned and deleted users", async () => {
  await using server = await startTestServer();
  const banned = await registerUser(server);
  const deleted = await registerUser(server);
  await setUserStatus(server, banned.user.id, "banned");
  await setUserStatus(server, deleted.user.id, "deleted");
  for (const id of [banned.user.id, deleted.user.id, "no-such-id", "x".repeat(64)]) {
    assertProblem(await apiClient(server).json("GET", `/api/v1/users/${id}`), 404, "not-found");
  }
  assertProblem(
    await apiClient(server).json("GET", `/api/v1/users/${"x".repeat(65)}`),
    422,
    "validation",
  );
});
