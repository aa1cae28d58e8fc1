import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { haversineKm } from "@/server/marketplace/geo.ts";
import { assertFieldError, assertProblem } from "../helpers/problems.ts";
import { startTestServer, type TestClient, type TestServer } from "../helpers/server.ts";
import { postJob, verifiedClient } from "./helpers.ts";

const LONDON = { lat: 51.5074, lng: -0.1278 };
const PLACES = {
  croydon: { name: "Croydon", lat: 51.3762, lng: -0.0982 },
  reading: { name: "Reading", lat: 51.4543, lng: -0.9781 },
  oxford: { name: "Oxford", lat: 51.752, lng: -1.2577 },
};

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((j) => j.id);
const search = (c: TestClient, qs: string) => c.json("GET", `/api/v1/jobs?${qs}`);

async function onSite(client: TestClient, place: keyof typeof PLACES, extra = {}) {
  return await postJob(client, {
    publish: true,
    location: { ...PLACES[place], radiusKm: 20 },
    title: `Tiling work in ${PLACES[place].name}`,
    ...extra,
  });
}

Deno.test("search - a title match ranks above a description-only match", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const inDescription = await postJob(client, {
    publish: true,
    title: "Bathroom refresh needed",
    description: "Old taps leak. Ideally someone who is also a plumber could look at the pipes.",
  });
  const inTitle = await postJob(client, {
    publish: true,
    title: "Plumber for a leaking kitchen tap",
    description: "The tap under the window drips all day; washers probably need replacing.",
  });
  await postJob(client, {
    publish: true,
    title: "Paint a garden fence",
    description: "Two coats of wood stain on a ten metre fence please.",
  });
  await postJob(client, {
    title: "Plumber draft, unpublished",
    description: "A draft should never show up in anyone's search results.",
  });
  const res = await search(server.client(), "q=plumber");
  assert.equal(res.status, 200);
  assert.deepEqual(ids(res), [inTitle.id, inDescription.id]);
  const stem = await search(server.client(), "q=PLUMBERS");
  assert.deepEqual(ids(stem), [inTitle.id, inDescription.id], "stemmed, case-insensitive");
  const prefix = await search(server.client(), "q=plumb");
  assert.equal(ids(prefix).length, 2, "the last word matches as a prefix");
});

Deno.test("search - hostile text is searched as words, never as FTS syntax", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  await postJob(client, {
    publish: true,
    title: "Near the river: OR gate repair",
    description: "Fix the gate near the river path, it does not close or latch properly.",
  });
  const anon = server.client();
  for (
    const q of [
      '"',
      "*",
      "NEAR(",
      "OR",
      "AND",
      "NOT",
      "'; DROP TABLE jobs; --",
      "title:gate",
      "gate^",
      '"gate',
      "(((",
      "-gate",
      "gate OR",
      "🙂",
      "\u0000",
      "a".repeat(200),
      "NEAR(river gate, 2)",
    ]
  ) {
    const res = await search(anon, new URLSearchParams({ q }).toString());
    assert.equal(res.status, 200, `${JSON.stringify(q)}: ${JSON.stringify(res.body)}`);
  }
  assert.equal(ids(await search(anon, "q=" + encodeURIComponent("NEAR(river gate)"))).length, 1);
  assertFieldError(await search(anon, "q=" + "a".repeat(201)), "query.q");
  assert.equal(ids(await search(anon, "q=OR")).length, 1, "OR is a word here");
});

Deno.test("search - filters: category, skills, budget overlap, remote, posted within", async () => {
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const { client } = await verifiedClient(server);
  const old = await postJob(client, {
    publish: true,
    category: "cleaning",
    skills: ["ironing"],
    budget: { type: "fixed", minMinor: 2000, maxMinor: 3000, currency: "GBP" },
  });
  clock.advance(10 * 86_400_000);
  assert.equal((await client.json("POST", "/api/v1/auth/refresh")).status, 200);
  const remote = await postJob(client, {
    publish: true,
    remote: true,
    location: null,
    category: "writing",
    skills: ["copywriting", "seo"],
    budget: { type: "hourly", minMinor: 2500, maxMinor: 4000, currency: "USD" },
  });
  clock.advance(60_000); // distinct publish times, so "recent" has one right order
  const local = await postJob(client, {
    publish: true,
    skills: ["tiling", "seo"],
    budget: { type: "fixed", minMinor: 10_000, maxMinor: 20_000, currency: "GBP" },
  });
  const anon = server.client();
  assert.deepEqual(ids(await search(anon, "category=cleaning")), [old.id]);
  assert.deepEqual(new Set(ids(await search(anon, "skills=seo"))), new Set([remote.id, local.id]));
  assert.deepEqual(ids(await search(anon, "skills=ironing,copywriting&sort=recent")), [
    remote.id,
    old.id,
  ]);
  assert.deepEqual(ids(await search(anon, "remote=true")), [remote.id]);
  assert.deepEqual(ids(await search(anon, "remote=false")), [local.id, old.id]);
  assert.deepEqual(ids(await search(anon, "postedWithin=5&sort=recent")), [local.id, remote.id]);
  // Overlap: a 2500–3500 GBP search overlaps 2000–3000 only.
  assert.deepEqual(ids(await search(anon, "budgetMin=2500&budgetMax=3500&currency=GBP")), [old.id]);
  assert.deepEqual(ids(await search(anon, "budgetMin=15000&currency=GBP")), [local.id]);
  assert.deepEqual(ids(await search(anon, "budgetMax=5000&currency=USD")), [remote.id]);
  assert.deepEqual(ids(await search(anon, "sort=budget&currency=GBP")), [local.id, old.id]);
});

async function addReview(server: TestServer, jobId: string, clientId: string, rating: number) {
  const now = Date.now();
  const exec = (sql: string, args: (string | number)[]) =>
    server.deps.db.client.execute({ sql, args });
  const worker = crypto.randomUUID();
  await exec(
    `INSERT INTO users (id, email, password_hash, display_name, role, created_at, updated_at)
      VALUES (?, ?, 'x', 'Reviewer', 'worker', ?, ?)`,
    [worker, `${worker}@example.com`, now, now],
  );
  const p = crypto.randomUUID(), c = crypto.randomUUID();
  await exec(
    `INSERT INTO proposals (id, job_id, worker_id, kind, amount_minor, currency, status,
      created_at, updated_at) VALUES (?, ?, ?, 'instant', 1, 'GBP', 'accepted', ?, ?)`,
    [p, jobId, worker, now, now],
  );
  await exec(
    `INSERT INTO contracts (id, job_id, proposal_id, client_id, worker_id, title, currency, status,
      created_at, updated_at) VALUES (?, ?, ?, ?, ?, 't', 'GBP', 'completed', ?, ?)`,
    [c, jobId, p, clientId, worker, now, now],
  );
  await exec(
    `INSERT INTO reviews (id, contract_id, author_id, subject_id, rating, body, created_at)
      VALUES (?, ?, ?, ?, ?, 'ok', ?)`,
    [crypto.randomUUID(), c, worker, clientId, rating, now],
  );
}

Deno.test("search - minimum client rating uses the client's reviews", async () => {
  await using server = await startTestServer();
  const good = await verifiedClient(server);
  const poor = await verifiedClient(server);
  const unrated = await verifiedClient(server);
  const goodJob = await postJob(good.client, { publish: true });
  const poorJob = await postJob(poor.client, { publish: true });
  await postJob(unrated.client, { publish: true });
  const pastGood = await postJob(good.client, { publish: true, title: "Past job one" });
  const pastPoor = await postJob(poor.client, { publish: true, title: "Past job two" });
  await addReview(server, pastGood.id, good.user.id, 5);
  await addReview(server, pastPoor.id, poor.user.id, 2);
  await server.deps.db.client.execute({
    sql: "UPDATE jobs SET status = 'completed' WHERE id IN (?, ?)",
    args: [pastGood.id, pastPoor.id],
  });
  assert.deepEqual(ids(await search(server.client(), "minClientRating=4")), [goodJob.id]);
  assert.deepEqual(
    new Set(ids(await search(server.client(), "minClientRating=1.5"))),
    new Set([goodJob.id, poorJob.id]),
  );
});

Deno.test("search - the radius is exact: known distances around London", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const croydon = await onSite(client, "croydon");
  const reading = await onSite(client, "reading");
  const oxford = await onSite(client, "oxford");
  const remote = await postJob(client, { publish: true, remote: true, location: null });
  const anon = server.client();
  const at = `near=${LONDON.lat},${LONDON.lng}`;
  const expected = {
    croydon: haversineKm(LONDON, PLACES.croydon),
    reading: haversineKm(LONDON, PLACES.reading),
    oxford: haversineKm(LONDON, PLACES.oxford),
  };
  assert.ok(expected.croydon > 14 && expected.croydon < 16, String(expected.croydon));
  assert.ok(expected.reading > 58 && expected.reading < 62, String(expected.reading));
  assert.ok(expected.oxford > 80 && expected.oxford < 84, String(expected.oxford));

  const r20 = await search(anon, `${at}&radiusKm=20&remote=false`);
  assert.deepEqual(ids(r20), [croydon.id]);
  assert.equal(r20.body.items[0].distanceKm, Math.round(expected.croydon * 10) / 10);
  assert.deepEqual(
    ids(await search(anon, `${at}&radiusKm=${expected.reading.toFixed(3)}&remote=false`)),
    [croydon.id, reading.id],
  );
  assert.deepEqual(
    ids(await search(anon, `${at}&radiusKm=${(expected.reading - 0.01).toFixed(3)}&remote=false`)),
    [croydon.id],
  );
  const all = await search(anon, `${at}&radiusKm=100`);
  assert.deepEqual(
    ids(all),
    [croydon.id, reading.id, oxford.id, remote.id],
    "by distance, remote last",
  );
  assert.equal(all.body.items[3].distanceKm, null);
  assert.deepEqual(ids(await search(anon, `${at}&radiusKm=20`)), [croydon.id, remote.id]);
  assert.deepEqual(ids(await search(anon, `${at}&radiusKm=20&remote=true`)), [remote.id]);
  // Across the antimeridian: Fiji jobs are found from both sides of 180°.
  const fiji = await postJob(client, {
    publish: true,
    location: { name: "Taveuni", lat: -16.85, lng: 179.95, radiusKm: 10 },
  });
  assert.deepEqual(ids(await search(anon, "near=-16.85,-179.95&radiusKm=20&remote=false")), [
    fiji.id,
  ]);
});

Deno.test("search - cursor pagination returns every result exactly once in every sort", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const all = new Set<string>();
  for (let i = 0; i < 23; i++) {
    const job = await postJob(client, {
      publish: true,
      title: `Garden work number ${i}`,
      description: i % 3 === 0
        ? "Garden garden garden: mow the lawn, weed the beds and trim the hedge."
        : "Mow the lawn and trim the hedge in the garden, once a fortnight.",
      budget: { type: "fixed", minMinor: 1000, maxMinor: 1000 + (i % 4) * 500, currency: "GBP" },
      location: { name: "Near London", lat: 51.5 + (i % 5) * 0.01, lng: -0.12, radiusKm: 10 },
    });
    all.add(job.id);
  }
  const anon = server.client();
  for (
    const qs of [
      "q=garden",
      "sort=recent",
      "sort=budget",
      "near=51.5,-0.12&radiusKm=50&sort=distance",
    ]
  ) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
        await search(anon, `${qs}&limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(seen.length, 23, qs);
    assert.deepEqual(new Set(seen), all, qs);
  }
  const first = await search(anon, "q=garden&limit=5");
  assertFieldError(
    await search(anon, `sort=recent&cursor=${first.body.nextCursor}`),
    "query.cursor",
  );
  assertFieldError(await search(anon, "q=garden&cursor=not-a-cursor"), "query.cursor");
  assertFieldError(
    await search(anon, `q=garden&cursor=${btoa('{"s":"relevance","k":{},"i":1}')}`),
    "query.cursor",
  );
});

Deno.test("search - invalid parameters are 422 and name the parameter", async () => {
  await using server = await startTestServer();
  const anon = server.client();
  const cases: [string, string][] = [
    ["radiusKm=10", "query.near"],
    ["near=51.5", "query.near"],
    ["near=91,0", "query.near"],
    ["near=51.5,-0.1&radiusKm=0", "query.radiusKm"],
    ["near=51.5,-0.1&radiusKm=501", "query.radiusKm"],
    ["sort=distance", "query.sort"],
    ["sort=relevance", "query.sort"],
    ["sort=random", "query.sort"],
    ["budgetMin=100", "query.currency"],
    ["budgetMin=500&budgetMax=100&currency=USD", "query.budgetMax"],
    ["budgetMin=1.5&currency=USD", "query.budgetMin"],
    ["budgetMin=abc&currency=USD", "query.budgetMin"],
    ["currency=dollars", "query.currency"],
    ["limit=0", "query.limit"],
    ["limit=51", "query.limit"],
    ["postedWithin=0", "query.postedWithin"],
    ["minClientRating=6", "query.minClientRating"],
    ["category=astrology", "query.category"],
    ["remote=maybe", "query.remote"],
    ["skills=" + Array.from({ length: 16 }, (_, i) => `s${i}`).join(","), "query.skills"],
  ];
  for (const [qs, path] of cases) assertFieldError(await search(anon, qs), path);
  assertProblem(await search(anon, "hack=1"), 422, "validation");
});
