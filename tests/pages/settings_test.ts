import assert from "node:assert/strict";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { fieldError, inputValue, location, readHtml } from "./html.ts";

const PROFILE = {
  intent: "profile",
  displayName: "Rita Worker",
  headline: "Tiler and plasterer",
  bio: "Ten years of bathrooms.",
  skills: "Tiling, plastering, tiling",
  rateAmount: "25.5",
  rateCurrency: "EUR",
  locationName: "Leeds",
  lat: "53.8",
  lng: "-1.55",
  timezone: "Europe/London",
};

Deno.test("settings page - needs sign-in and comes back afterwards", async () => {
  await using server = await startTestServer();
  const res = await server.client().request("GET", "/settings");
  assert.equal(res.status, 303);
  assert.equal(location(res), "/login?next=%2Fsettings");
  const post = await server.client().form("/settings", PROFILE);
  assert.equal(post.status, 303);
  assert.match(location(post), /^\/login/);
});

Deno.test("settings page - saving the profile redirects with ?saved=1 and shows the values", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server, { role: "worker" });
  const res = await client.form("/settings", PROFILE);
  assert.equal(res.status, 303);
  assert.equal(location(res), "/settings?saved=1");

  const me = await client.json("GET", "/api/v1/users/me");
  assert.deepEqual(me.body.skills, ["tiling", "plastering"]);
  assert.deepEqual(me.body.hourlyRate, { amountMinor: 2550, currency: "EUR" });
  assert.deepEqual(me.body.location, { name: "Leeds", lat: 53.8, lng: -1.55 });
  assert.equal(me.body.timezone, "Europe/London");

  const { document } = await readHtml(await client.request("GET", "/settings?saved=1"));
  assert.match(document.querySelector(".notice-success")?.textContent ?? "", /Saved/);
  assert.equal(inputValue(document, "rateAmount"), "25.50");
  assert.equal(inputValue(document, "skills"), "tiling, plastering");
  assert.ok(document.querySelector('option[value="Europe/London"][selected]'));
});

Deno.test("settings page - empty fields clear the rate and location", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  await (await client.form("/settings", PROFILE)).body?.cancel();
  const res = await client.form("/settings", {
    ...PROFILE,
    rateAmount: "",
    locationName: "",
    lat: "",
    lng: "",
    timezone: "",
  });
  assert.equal(res.status, 303);
  const me = await client.json("GET", "/api/v1/users/me");
  assert.equal(me.body.hourlyRate, null);
  assert.equal(me.body.location, null);
  assert.equal(me.body.timezone, null);
});

Deno.test("settings page - invalid fields all show at once and keep what was typed", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  const res = await client.form("/settings", {
    ...PROFILE,
    displayName: "",
    rateAmount: "12.345",
    lat: "95",
  });
  assert.equal(res.status, 422);
  const { document } = await readHtml(res);
  assert.match(fieldError(document, "displayName") ?? "", /Enter your name/);
  assert.match(fieldError(document, "rateAmount") ?? "", /amount like/);
  assert.match(fieldError(document, "lat") ?? "", /-90 to 90/);
  assert.equal(inputValue(document, "rateAmount"), "12.345");
  assert.equal(inputValue(document, "headline"), PROFILE.headline);
});

Deno.test("settings page - changing the password checks the current one", async () => {
  await using server = await startTestServer();
  const { client, creds } = await registerUser(server);
  const wrong = await client.form("/settings", {
    intent: "password",
    currentPassword: "not my password",
    newPassword: "a fresh long password",
  });
  assert.equal(wrong.status, 422);
  const page = await readHtml(wrong);
  assert.match(fieldError(page.document, "currentPassword") ?? "", /not correct/);
  assert.ok(!page.text.includes("a fresh long password"));

  const ok = await client.form("/settings", {
    intent: "password",
    currentPassword: creds.password,
    newPassword: "a fresh long password",
  });
  assert.equal(ok.status, 303);
  assert.equal(location(ok), "/settings?saved=password");
  const login = await server.client().form("/login", {
    email: creds.email,
    password: "a fresh long password",
  });
  assert.equal(login.status, 303);
});
