import assert from "node:assert/strict";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { location, readHtml } from "../pages/html.ts";
import { multipart, PNG, postJob, rowCount, verifiedClient } from "./helpers.ts";

const titles = (document: Document) =>
  [...document.querySelectorAll(".job-card-title a")].map((a) => a.textContent?.trim());

Deno.test("job search page - the no-JS form filters by GET parameters and pages with a link", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  await postJob(client, { publish: true, title: "Tiling in Leeds centre" });
  await postJob(client, {
    publish: true,
    title: "Tiling far away in London",
    location: { name: "London", lat: 51.5, lng: -0.12, radiusKm: 10 },
  });
  await postJob(client, {
    publish: true,
    title: "Painting in Leeds",
    description: "Paint a hallway and two doors, white gloss, ceilings too please.",
  });
  const anon = server.client();
  const res = await anon.request(
    "GET",
    "/jobs?q=tiling&lat=53.8&lng=-1.55&radiusKm=50&min=40&max=100&currency=GBP&remote=false",
  );
  assert.equal(res.status, 200);
  const { document } = await readHtml(res);
  assert.deepEqual(titles(document), ["Tiling in Leeds centre"]);
  const form = document.querySelector('form[role="search"]')!;
  assert.equal(form.getAttribute("method"), "get");
  assert.equal(form.getAttribute("action"), "/jobs");
  assert.equal(document.querySelector<HTMLInputElement>("#f-q")?.getAttribute("value"), "tiling");
  assert.equal(document.querySelector("#f-min")?.getAttribute("value"), "40");
  assert.ok(document.querySelector('#f-remote option[value="false"][selected]'));
  assert.ok(
    document.querySelector('wm-island[data-island="JobSearch"]'),
    "an island wraps the form",
  );
  assert.equal(document.querySelector(".save-search"), null, "saving needs sign-in");

  const page1 = await readHtml(await anon.request("GET", "/jobs?q=leeds&sort=recent&limit=1"));
  assert.equal(titles(page1.document).length, 2, "limit is not a page parameter");
  // Paging: 21 open tasks → a Next page link whose target shows the rest.
  for (let i = 0; i < 19; i++) await postJob(client, { publish: true, title: `Garden job ${i}` });
  const first = await readHtml(await anon.request("GET", "/jobs?sort=recent"));
  assert.equal(titles(first.document).length, 20);
  const next = first.document.querySelector<HTMLAnchorElement>('a[rel="next"]')!.getAttribute(
    "href",
  )!;
  assert.match(next, /^\/jobs\?sort=recent&cursor=/);
  const second = await readHtml(await anon.request("GET", next));
  assert.equal(titles(second.document).length, 2);
  assert.equal(second.document.querySelector('a[rel="next"]'), null);
});

Deno.test("job search page - bad filters show field errors instead of failing", async () => {
  await using server = await startTestServer();
  const anon = server.client();
  for (
    const qs of [
      "min=abc",
      "lat=53.8",
      "radiusKm=9999&lat=1&lng=1",
      "category=nope",
      "cursor=zzz",
      "sort=distance",
      "q=%22NEAR(*",
    ]
  ) {
    const res = await anon.request("GET", `/jobs?${qs}`);
    assert.equal(res.status, 200, qs);
    const { document } = await readHtml(res);
    if (qs.startsWith("q=")) continue;
    assert.ok(document.querySelector(".field-error, .notice-error"), `${qs} shows an error`);
  }
});

Deno.test("job pages - a client posts a task with a photo through the form, then deletes it", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const form = await readHtml(await client.request("GET", "/jobs/new"));
  assert.ok(
    form.document.querySelector(
      'form[enctype="multipart/form-data"] input[type="file"][name="attachments"]',
    ),
  );
  const fields = {
    title: "Fix a dripping kitchen tap",
    description: "The mixer tap drips constantly; probably a washer or cartridge to replace.",
    category: "home-repair",
    skills: "Plumbing, taps",
    budgetType: "fixed",
    min: "45",
    max: "70.50",
    currency: "GBP",
    deadline: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
    where: "onsite",
    locationName: "Leeds",
    lat: "53.8",
    lng: "-1.55",
    radiusKm: "12",
    intent: "publish",
  };
  const parts = [
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    { name: "priorityTags", value: "urgent" },
    { name: "priorityTags", value: "weekend" },
    { name: "attachments", file: { name: "tap.png", type: "image/png", bytes: PNG } },
  ];
  const { body, contentType } = multipart(parts);
  const res = await client.request("POST", "/jobs/new", body, { "content-type": contentType });
  assert.equal(res.status, 303, await res.text());
  const path = location(res);
  assert.match(path, /^\/jobs\/[0-9a-f-]{36}\?published=1$/);
  const id = path.split("/")[2].split("?")[0];
  const api = await client.json("GET", `/api/v1/jobs/${id}`);
  assert.equal(api.body.status, "open");
  assert.deepEqual(api.body.budget, {
    type: "fixed",
    minMinor: 4500,
    maxMinor: 7050,
    currency: "GBP",
  });
  assert.deepEqual(api.body.skills, ["plumbing", "taps"]);
  assert.deepEqual(api.body.priorityTags, ["urgent", "weekend"]);
  assert.equal(api.body.attachments[0].fileName, "tap.png");

  const page = await readHtml(await client.request("GET", path));
  assert.ok(
    page.document.querySelector(`.job-images img[src="/files/${api.body.attachments[0].id}"]`),
  );
  assert.ok(page.document.querySelector(`a[href="/jobs/${id}/edit"]`));
  assert.ok(page.document.querySelector(`a[href="/jobs/${id}/proposals"]`));
  const { client: worker } = await registerUser(server, { role: "worker" });
  const workerView = await readHtml(await worker.request("GET", `/jobs/${id}`));
  assert.ok(workerView.document.querySelector(`a[href="/jobs/${id}/apply"]`));
  assert.equal(workerView.document.querySelector(`a[href="/jobs/${id}/edit"]`), null);
  const editByOther = await worker.request("GET", `/jobs/${id}/edit`);
  assert.equal(editByOther.status, 404);
  await editByOther.body?.cancel();

  const confirm = await readHtml(await client.request("GET", `/jobs/${id}?confirm=delete`));
  assert.ok(confirm.document.querySelector('form.confirm-delete button[value="delete"]'));
  const refused = await worker.form(`/jobs/${id}`, { intent: "delete" });
  assert.equal(refused.status, 403);
  await refused.body?.cancel();
  const deleted = await client.form(`/jobs/${id}`, { intent: "delete" });
  assert.equal(deleted.status, 303);
  assert.equal(location(deleted), "/jobs?deleted=1");
  const gone = await client.request("GET", `/jobs/${id}`);
  assert.equal(gone.status, 404);
  await gone.body?.cancel();
});

Deno.test("job pages - invalid form input is shown next to the fields and nothing is saved", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server, { role: "client" });
  const res = await client.form("/jobs/new", {
    title: "abc",
    description: "short",
    category: "",
    min: "12.345",
    currency: "USD",
    where: "onsite",
    intent: "draft",
  });
  assert.equal(res.status, 422);
  const { document } = await readHtml(res);
  for (const f of ["title", "description", "category", "min", "lat"]) {
    assert.ok(document.querySelector(`#f-${f}-error`), `error for ${f}`);
  }
  assert.equal(document.querySelector("#f-title")?.getAttribute("value"), "abc");
  assert.equal(document.querySelector('button[value="publish"]'), null, "unconfirmed: no publish");
  assert.equal(await rowCount(server, "jobs"), 0);
  const { client: worker } = await registerUser(server, { role: "worker" });
  const w = await worker.request("GET", "/jobs/new");
  assert.equal(w.status, 403);
  await w.body?.cancel();
  const anon = await server.client().request("GET", "/jobs/new");
  assert.equal(anon.status, 303);
});

Deno.test("job pages - the owner edits a task and saves a search from the search page", async () => {
  await using server = await startTestServer();
  const { client } = await verifiedClient(server);
  const job = await postJob(client, { publish: true });
  const edit = await readHtml(await client.request("GET", `/jobs/${job.id}/edit`));
  assert.equal(edit.document.querySelector("#f-min")?.getAttribute("value"), "50");
  const res = await client.form(`/jobs/${job.id}/edit`, {
    title: "Assemble two wardrobes",
    description: job.description,
    category: "home-repair",
    skills: "assembly",
    budgetType: "hourly",
    min: "20",
    max: "",
    currency: "GBP",
    where: "remote",
    intent: "save",
  });
  assert.equal(res.status, 303);
  const after = await client.json("GET", `/api/v1/jobs/${job.id}`);
  assert.equal(after.body.title, "Assemble two wardrobes");
  assert.equal(after.body.remote, true);
  assert.deepEqual(after.body.budget, {
    type: "hourly",
    minMinor: 2000,
    maxMinor: 2000,
    currency: "GBP",
  });

  const { client: worker } = await registerUser(server, { role: "worker" });
  const search = await readHtml(
    await worker.request("GET", "/jobs?q=wardrobe&lat=53.8&lng=-1.55&min=10&currency=GBP"),
  );
  const hidden = Object.fromEntries(
    [...search.document.querySelectorAll('.save-search input[type="hidden"]')].map((i) => [
      i.getAttribute("name"),
      i.getAttribute("value"),
    ]),
  );
  const saved = await worker.form(
    "/saved-searches",
    { ...hidden, name: "Wardrobes" } as Record<string, string>,
  );
  assert.equal(saved.status, 303);
  const list = await worker.json("GET", "/api/v1/saved-searches");
  assert.deepEqual(list.body.items[0].query, {
    q: "wardrobe",
    near: "53.8,-1.55",
    budgetMin: "1000",
    currency: "GBP",
  });
  const page = await readHtml(await worker.request("GET", "/saved-searches"));
  assert.match(page.text, /Wardrobes/);
  const run = page.document.querySelector<HTMLAnchorElement>(".saved-actions a")!.getAttribute(
    "href",
  )!;
  assert.equal(run, "/jobs?q=wardrobe&min=10&currency=GBP&lat=53.8&lng=-1.55");
  const del = await worker.form("/saved-searches", { intent: "delete", id: list.body.items[0].id });
  assert.equal(del.status, 303);
  assert.equal(await rowCount(server, "saved_searches"), 0);
});
