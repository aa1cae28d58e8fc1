import assert from "node:assert/strict";
import { assertFieldError, assertProblem, assertUnknownField } from "../helpers/problems.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";
import { assertNoJobChanges } from "./db.ts";
import { jobBody, postJob, rowCount, verifiedClient } from "./helpers.ts";

async function worker(
  server: TestServer,
  name: string,
  profile: Record<string, unknown>,
) {
  const u = await registerUser(server, { role: "worker", displayName: name });
  const res = await u.client.json("PATCH", "/api/v1/users/me", profile);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return u;
}

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((w) => w.id);

Deno.test("workers - search by text, skills, rate, availability and radius", async () => {
  await using server = await startTestServer();
  const tiler = await worker(server, "Tess Tiler", {
    headline: "Bathroom tiling and grouting",
    skills: ["tiling", "plastering"],
    hourlyRate: { amountMinor: 2500, currency: "GBP" },
    location: { name: "Croydon", lat: 51.3762, lng: -0.0982 },
  });
  const coder = await worker(server, "Cody Coder", {
    headline: "React and TypeScript developer",
    bio: "I also fix tiling apps.",
    skills: ["react", "typescript"],
    hourlyRate: { amountMinor: 6000, currency: "GBP" },
  });
  const far = await worker(server, "Otto Oxford", {
    headline: "Tiling in Oxford",
    skills: ["tiling"],
    hourlyRate: { amountMinor: 3000, currency: "EUR" },
    location: { name: "Oxford", lat: 51.752, lng: -1.2577 },
  });
  await server.deps.db.client.execute({
    sql: "UPDATE users SET availability = 'busy' WHERE id = ?",
    args: [far.user.id],
  });
  await registerUser(server, { role: "client", displayName: "Tiling Client" });
  const anon = server.client();
  const get = (qs: string) => anon.json("GET", `/api/v1/workers?${qs}`);

  const text = await get("q=tiling");
  assert.equal(text.status, 200);
  assert.deepEqual(ids(text).slice(0, 2).sort(), [tiler.user.id, far.user.id].sort());
  assert.equal(ids(text)[2], coder.user.id, "a bio mention ranks below headline and skills");
  assert.equal(ids(text).length, 3, "clients are not found");
  assert.deepEqual(
    new Set(ids(await get("skills=react,plastering"))),
    new Set([tiler.user.id, coder.user.id]),
  );
  assert.deepEqual(ids(await get("rateMin=2000&rateMax=3000&currency=GBP")), [tiler.user.id]);
  assert.deepEqual(ids(await get("sort=rate&currency=GBP")), [tiler.user.id, coder.user.id]);
  assert.deepEqual(ids(await get("availability=busy")), [far.user.id]);
  const near = await get("near=51.5074,-0.1278&radiusKm=30");
  assert.deepEqual(ids(near), [tiler.user.id]);
  assert.equal(near.body.items[0].distanceKm, 14.7);
  assert.equal(near.body.items[0].location.lat, 51.38, "rounded to ~1 km");
  assert.deepEqual(near.body.items[0].rating, { average: null, count: 0 });
  for (const q of ['"', "NEAR(", "*", "OR"]) {
    assert.equal((await get(new URLSearchParams({ q }).toString())).status, 200);
  }
  assertFieldError(await get("rateMin=10"), "query.currency");
  assertFieldError(await get("availability=sometimes"), "query.availability");
  assertFieldError(await get("sort=distance"), "query.sort");
  assertFieldError(await get("minRating=0"), "query.minRating");
  assertUnknownField(await get("role=client"), "role");
  const page1 = await get("limit=2");
  assert.equal(page1.body.items.length, 2);
  const page2 = await get(`limit=2&cursor=${page1.body.nextCursor}`);
  assert.equal(page2.body.items.length, 1);
  assert.equal(page2.body.nextCursor, null);
  assert.equal(new Set([...ids(page1), ...ids(page2)]).size, 3);
});

Deno.test("saved searches - create, list, delete; only the owner sees or deletes", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server, { role: "worker" });
  const { client: other } = await registerUser(server, { role: "worker" });
  const created = await client.json("POST", "/api/v1/saved-searches", {
    name: "Tiling near me",
    query: {
      q: "tiling",
      skills: "Tiling, grout",
      near: "51.5,-0.12",
      radiusKm: 20,
      remote: false,
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.query, {
    q: "tiling",
    skills: "tiling,grout",
    remote: "false",
    near: "51.5,-0.12",
    radiusKm: "20",
  });
  const list = await client.json("GET", "/api/v1/saved-searches");
  assert.deepEqual(list.body.items.map((s: { id: string }) => s.id), [created.body.id]);
  assert.deepEqual((await other.json("GET", "/api/v1/saved-searches")).body.items, []);
  await assertNoJobChanges(server, async () => {
    assertProblem(
      await other.json("DELETE", `/api/v1/saved-searches/${created.body.id}`),
      404,
      "not-found",
    );
    assertProblem(
      await server.client().json("GET", "/api/v1/saved-searches"),
      401,
      "unauthenticated",
    );
    assertFieldError(
      await client.json("POST", "/api/v1/saved-searches", { name: "", query: {} }),
      "body.name",
    );
    assertFieldError(
      await client.json("POST", "/api/v1/saved-searches", { name: "x", query: { radiusKm: 10 } }),
      "body.query.near",
    );
    assertUnknownField(
      await client.json("POST", "/api/v1/saved-searches", { name: "x", query: { cursor: "abc" } }),
      "cursor",
    );
    assertUnknownField(
      await client.json("POST", "/api/v1/saved-searches", { name: "x", query: {}, userId: "u" }),
      "userId",
    );
    assertFieldError(
      await client.json("POST", "/api/v1/saved-searches", { name: "x", query: "q=tiling" }),
      "body.query",
    );
  });
  assert.equal(
    (await client.request("DELETE", `/api/v1/saved-searches/${created.body.id}`)).status,
    204,
  );
  assertProblem(
    await client.json("DELETE", `/api/v1/saved-searches/${created.body.id}`),
    404,
    "not-found",
  );
});

Deno.test("saved searches - at most 20 per user", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server, { role: "worker" });
  for (let i = 0; i < 20; i++) {
    const res = await client.json("POST", "/api/v1/saved-searches", {
      name: `s${i}`,
      query: { q: `w${i}` },
    });
    assert.equal(res.status, 201);
  }
  assertProblem(
    await client.json("POST", "/api/v1/saved-searches", { name: "one more", query: {} }),
    409,
    "conflict",
  );
  assert.equal(await rowCount(server, "saved_searches"), 20);
});

Deno.test("alerts - a new job notifies saved-search and skill matches once each, never its client", async () => {
  await using server = await startTestServer();
  const { client, user: clientUser } = await verifiedClient(server);
  const both = await worker(server, "Both Reasons", {
    skills: ["tiling"],
    location: { name: "Leeds", lat: 53.8, lng: -1.55 },
  });
  await both.client.json("POST", "/api/v1/saved-searches", {
    name: "Tiles",
    query: { q: "tiling" },
  });
  await both.client.json("POST", "/api/v1/saved-searches", {
    name: "Leeds",
    query: { near: "53.8,-1.55", radiusKm: 30 },
  });
  const savedOnly = await registerUser(server, { role: "worker" });
  await savedOnly.client.json("POST", "/api/v1/saved-searches", {
    name: "Home repair",
    query: { category: "home-repair" },
  });
  const skillsOnly = await worker(server, "Skills Only", {
    skills: ["grouting"],
    location: { name: "Bradford", lat: 53.7960, lng: -1.7594 },
  });
  const tooFar = await worker(server, "Too Far", {
    skills: ["tiling"],
    location: { name: "London", lat: 51.5, lng: -0.12 },
  });
  const busy = await worker(server, "Busy", {
    skills: ["tiling"],
    location: { name: "Leeds", lat: 53.8, lng: -1.55 },
  });
  await server.deps.db.client.execute({
    sql: "UPDATE users SET availability = 'busy' WHERE id = ?",
    args: [busy.user.id],
  });
  const noMatch = await registerUser(server, { role: "worker" });
  await noMatch.client.json("POST", "/api/v1/saved-searches", {
    name: "Design",
    query: { category: "design" },
  });
  await client.json("POST", "/api/v1/saved-searches", { name: "My own", query: { q: "tiling" } });

  const job = await postJob(client, {
    publish: true,
    title: "Tiling a bathroom floor",
    skills: ["tiling", "grouting"],
    location: { name: "Leeds", lat: 53.8008, lng: -1.5491, radiusKm: 15 },
  });
  await server.drainJobs();
  const notified = async (userId: string) =>
    await rowCount(server, "notifications", `user_id = '${userId}' AND type = 'search.match'`);
  assert.equal(await notified(both.user.id), 1, "one notification despite three reasons");
  assert.equal(await notified(savedOnly.user.id), 1);
  assert.equal(await notified(skillsOnly.user.id), 1, "Bradford is ~14 km from Leeds");
  assert.equal(await notified(tooFar.user.id), 0, "outside the job's radius");
  assert.equal(await notified(busy.user.id), 0, "not available");
  assert.equal(await notified(noMatch.user.id), 0);
  assert.equal(await notified(clientUser.id), 0, "never the job's own client");
  const [note] = (await server.deps.db.client.execute({
    sql: "SELECT title, link, data FROM notifications WHERE user_id = ?",
    args: [both.user.id],
  })).rows;
  assert.equal(note.link, `/jobs/${job.id}`);
  assert.match(String(note.title), /Tiling a bathroom floor/);
  assert.deepEqual(JSON.parse(String(note.data)).reasons.sort(), [
    "saved-search",
    "saved-search",
    "skills",
  ]);

  // A rerun of the same job does not notify anyone twice.
  const before = await rowCount(server, "notifications");
  await server.deps.db.write(async (tx) => {
    const { enqueue } = await import("@/server/jobs/queue.ts");
    await enqueue(tx, "search.match_job", { jobId: job.id }, { now: Date.now() });
  });
  await server.drainJobs();
  assert.equal(await rowCount(server, "notifications"), before);
});

Deno.test("alerts - a remote job matches workers by skills wherever they are; drafts alert nobody", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const anywhere = await worker(server, "Anywhere", { skills: ["copywriting"] });
  const draft = await postJob(client, {
    ...jobBody(),
    remote: true,
    location: null,
    skills: ["copywriting"],
  });
  await server.drainJobs();
  assert.equal(await rowCount(server, "notifications"), 0);
  await client.json("POST", `/api/v1/jobs/${draft.id}/publish`);
  await server.drainJobs();
  assert.equal(
    await rowCount(
      server,
      "notifications",
      `user_id = '${anywhere.user.id}' AND type = 'search.match'`,
    ),
    1,
  );
});
