import assert from "node:assert/strict";
import { apiClient } from "../helpers/api.ts";
import { assertFieldError, assertProblem, assertUnknownField } from "../helpers/problems.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";
import { location, readHtml } from "../pages/html.ts";
import { assertSocialUnchanged, countWhere } from "./helpers.ts";

const PORTFOLIO = "/api/v1/users/me/portfolio";
const CERTS = "/api/v1/users/me/certifications";
/** A 2×2 PNG. */
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAAPBAEB0VjgcQAAAABJRU5ErkJggg==",
  ),
  (ch) => ch.charCodeAt(0),
);
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

async function upload(
  server: TestServer,
  token: string,
  bytes: Uint8Array<ArrayBuffer>,
  name: string,
) {
  const form = new FormData();
  form.append("file", new File([bytes], name));
  const res = await fetch(`${server.url}/api/v1/uploads`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body.id as string;
}

Deno.test("portfolio - a worker adds, edits, lists and deletes items with images", async () => {
  await using server = await startTestServer();
  const worker = await registerUser(server, { role: "worker" });
  const img1 = await upload(server, worker.tokens.accessToken, PNG, "one.png");
  const img2 = await upload(server, worker.tokens.accessToken, PNG, "two.png");

  const created = await worker.client.json("POST", PORTFOLIO, {
    title: "  Kitchen shelves ",
    description: "Oak, floating.",
    link: "https://example.com/shelves",
    uploadIds: [img1],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.title, "Kitchen shelves");
  assert.deepEqual(created.body.images.map((i: { uploadId: string }) => i.uploadId), [img1]);
  assert.equal(created.body.images[0].url, `/files/${img1}`);
  const id = created.body.id;

  // Portfolio images are public: anyone may fetch them.
  const file = await server.client().request("GET", `/files/${img1}`);
  assert.equal(file.status, 200);
  await file.body?.cancel();

  const patched = await worker.client.json("PATCH", `${PORTFOLIO}/${id}`, {
    link: null,
    uploadIds: [img2],
  });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.link, null);
  assert.equal(patched.body.title, "Kitchen shelves");
  assert.deepEqual(patched.body.images.map((i: { uploadId: string }) => i.uploadId), [img2]);

  const list = await worker.client.json("GET", PORTFOLIO);
  assert.equal(list.body.items.length, 1);
  const profile = await apiClient(server).json("GET", `/api/v1/users/${worker.user.id}/profile`);
  assert.equal(profile.body.worker.portfolio[0].id, id);

  assert.equal((await worker.client.request("DELETE", `${PORTFOLIO}/${id}`)).status, 204);
  assertProblem(await worker.client.json("GET", `${PORTFOLIO}/${id}`), 404, "not-found");
  assert.equal(await countWhere(server, "attachments", "subject_id = ?", [id]), 0);
  assert.equal(await countWhere(server, "uploads"), 2, "the files stay the worker's");
});

Deno.test("portfolio - another user's items and uploads are out of reach", async () => {
  await using server = await startTestServer();
  const worker = await registerUser(server, { role: "worker" });
  const other = await registerUser(server, { role: "worker" });
  const client = await registerUser(server, { role: "client" });
  const theirImage = await upload(server, other.tokens.accessToken, PNG, "x.png");
  const pdf = await upload(server, worker.tokens.accessToken, PDF, "cv.pdf");
  const { body: item } = await worker.client.json("POST", PORTFOLIO, { title: "Mine" });
  const path = `${PORTFOLIO}/${item.id}`;

  for (const [method, body] of [["GET"], ["PATCH", { title: "Stolen" }], ["DELETE"]] as const) {
    const res = await assertSocialUnchanged(server, () => other.client.json(method, path, body));
    assertProblem(res, 404, "not-found");
  }
  const foreign = await assertSocialUnchanged(
    server,
    () => worker.client.json("POST", PORTFOLIO, { title: "x", uploadIds: [theirImage] }),
  );
  assertFieldError(foreign, "body.uploadIds.0");
  const notImage = await assertSocialUnchanged(
    server,
    () => worker.client.json("PATCH", path, { uploadIds: [pdf] }),
  );
  assertFieldError(notImage, "body.uploadIds.0");
  const byClient = await assertSocialUnchanged(
    server,
    () => client.client.json("POST", PORTFOLIO, { title: "Client work" }),
  );
  assertProblem(byClient, 403, "forbidden");
  assertProblem(await apiClient(server).json("GET", PORTFOLIO), 401, "unauthenticated");
});

Deno.test("portfolio - hostile input is refused and changes nothing", async () => {
  await using server = await startTestServer();
  const worker = await registerUser(server, { role: "worker" });
  const { body: item } = await worker.client.json("POST", PORTFOLIO, { title: "Item" });
  const cases: [string, string, unknown, string][] = [
    ["POST", PORTFOLIO, {}, "body.title"],
    ["POST", PORTFOLIO, { title: "" }, "body.title"],
    ["POST", PORTFOLIO, { title: "x".repeat(121) }, "body.title"],
    ["POST", PORTFOLIO, { title: 7 }, "body.title"],
    ["POST", PORTFOLIO, { title: "x", description: "d".repeat(5001) }, "body.description"],
    ["POST", PORTFOLIO, { title: "x", link: "javascript:alert(1)" }, "body.link"],
    ["POST", PORTFOLIO, { title: "x", link: "data:text/html,hi" }, "body.link"],
    ["POST", PORTFOLIO, { title: "x", link: "ftp://example.com" }, "body.link"],
    ["POST", PORTFOLIO, { title: "x", link: "example.com" }, "body.link"],
    ["POST", PORTFOLIO, { title: "x", link: `https://e.com/${"a".repeat(500)}` }, "body.link"],
    ["POST", PORTFOLIO, { title: "x", uploadIds: "abc" }, "body.uploadIds"],
    [
      "POST",
      PORTFOLIO,
      { title: "x", uploadIds: Array(9).fill(0).map((_, i) => `u${i}`) },
      "body.uploadIds",
    ],
    ["POST", PORTFOLIO, { title: "x", uploadIds: ["a", "a"] }, "body.uploadIds"],
    ["POST", PORTFOLIO, { title: "x", uploadIds: [crypto.randomUUID()] }, "body.uploadIds.0"],
    ["PATCH", `${PORTFOLIO}/${item.id}`, { title: "" }, "body.title"],
    ["PATCH", `${PORTFOLIO}/${item.id}`, { link: "javascript:x" }, "body.link"],
    ["PATCH", `${PORTFOLIO}/${"x".repeat(65)}`, { title: "y" }, "params.id"],
  ];
  for (const [method, path, body, field] of cases) {
    const res = await assertSocialUnchanged(
      server,
      () => worker.client.json(method, path, body),
      `${method} ${field}`,
    );
    assertFieldError(res, field);
  }
  for (const [method, path] of [["POST", PORTFOLIO], ["PATCH", `${PORTFOLIO}/${item.id}`]]) {
    const res = await assertSocialUnchanged(
      server,
      () => worker.client.json(method, path, { title: "x", userId: "y" }),
    );
    assertUnknownField(res, "userId");
  }
  const huge = await worker.client.request(
    "POST",
    PORTFOLIO,
    JSON.stringify({ title: "x", description: "y".repeat(1_100_000) }),
    { "content-type": "application/json" },
  );
  assert.equal(huge.status, 413);
  await huge.body?.cancel();
});

Deno.test("certifications - add, list, delete; validation; only the owner", async () => {
  await using server = await startTestServer();
  const worker = await registerUser(server, { role: "worker" });
  const other = await registerUser(server, { role: "worker" });
  const client = await registerUser(server, { role: "client" });
  const added = await worker.client.json("POST", CERTS, {
    name: "Gas Safe",
    issuer: "Gas Safe Register",
    year: 2019,
    url: "https://www.gassaferegister.co.uk",
  });
  assert.equal(added.status, 201);
  const minimal = await worker.client.json("POST", CERTS, {
    name: "First aid",
    issuer: "Red Cross",
  });
  assert.equal(minimal.body.year, null);
  assert.equal(minimal.body.url, null);
  assert.equal((await worker.client.json("GET", CERTS)).body.items.length, 2);

  const next = new Date().getUTCFullYear() + 1;
  const cases: [unknown, string][] = [
    [{ issuer: "x" }, "body.name"],
    [{ name: "x" }, "body.issuer"],
    [{ name: "x".repeat(121), issuer: "y" }, "body.name"],
    [{ name: "x", issuer: "y", year: 1900 }, "body.year"],
    [{ name: "x", issuer: "y", year: next }, "body.year"],
    [{ name: "x", issuer: "y", year: 2020.5 }, "body.year"],
    [{ name: "x", issuer: "y", year: "2020" }, "body.year"],
    [{ name: "x", issuer: "y", url: "javascript:alert(1)" }, "body.url"],
  ];
  for (const [body, field] of cases) {
    assertFieldError(
      await assertSocialUnchanged(server, () => worker.client.json("POST", CERTS, body), field),
      field,
    );
  }
  assertUnknownField(
    await assertSocialUnchanged(
      server,
      () => worker.client.json("POST", CERTS, { name: "x", issuer: "y", verified: true }),
    ),
    "verified",
  );
  assertProblem(
    await assertSocialUnchanged(
      server,
      () => client.client.json("POST", CERTS, { name: "x", issuer: "y" }),
    ),
    403,
    "forbidden",
  );
  assertProblem(
    await assertSocialUnchanged(
      server,
      () => other.client.json("DELETE", `${CERTS}/${added.body.id}`),
    ),
    404,
    "not-found",
  );
  assert.equal((await worker.client.request("DELETE", `${CERTS}/${added.body.id}`)).status, 204);
  assertProblem(await worker.client.json("DELETE", `${CERTS}/${added.body.id}`), 404, "not-found");
});

Deno.test("portfolio page - a worker adds an item with an image and a certification by form", async () => {
  await using server = await startTestServer();
  const worker = await registerUser(server, { role: "worker" });
  const page = await readHtml(await worker.client.request("GET", "/settings/portfolio"));
  assert.ok(page.document.querySelector('form[enctype="multipart/form-data"] input[type=file]'));
  const settings = await readHtml(await worker.client.request("GET", "/settings"));
  assert.ok(settings.document.querySelector('a[href="/settings/portfolio"]'));

  const form = new FormData();
  form.append("intent", "item-save");
  form.append("title", "Bathroom tiling");
  form.append("description", "Metro tiles");
  form.append("link", "");
  form.append("images", new File([PNG], "tiles.png"));
  const cookie = [...worker.client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${server.url}/settings/portfolio`, {
    method: "POST",
    headers: { cookie, origin: server.url },
    body: form,
    redirect: "manual",
  });
  assert.equal(res.status, 303);
  await res.body?.cancel();
  const items = (await worker.client.json("GET", PORTFOLIO)).body.items;
  assert.equal(items.length, 1);
  assert.equal(items[0].images.length, 1);

  const bad = new FormData();
  bad.append("intent", "item-save");
  bad.append("title", "");
  bad.append("link", "javascript:alert(1)");
  bad.append("images", new File([PNG], "x.png"));
  const refused = await assertSocialUnchanged(
    server,
    () =>
      fetch(`${server.url}/settings/portfolio`, {
        method: "POST",
        headers: { cookie, origin: server.url },
        body: bad,
        redirect: "manual",
      }),
  );
  assert.equal(refused.status, 422);
  const shown = await readHtml(refused);
  assert.ok(shown.document.getElementById("f-title-error"));
  assert.ok(shown.document.getElementById("f-link-error"));
  assert.equal(await countWhere(server, "uploads"), 1, "a refused form stores no file");

  const cert = await worker.client.form("/settings/portfolio", {
    intent: "cert-save",
    name: "NVQ Level 3",
    issuer: "City & Guilds",
    year: "2015",
    url: "",
  });
  assert.equal(cert.status, 303);
  assert.equal(location(cert), "/settings/portfolio?saved=cert");
  const badCert = await worker.client.form("/settings/portfolio", {
    intent: "cert-save",
    name: "x",
    issuer: "y",
    year: "next year",
    url: "",
  });
  assert.equal(badCert.status, 422);
  assert.ok((await readHtml(badCert)).document.getElementById("f-year-error"));

  const client = await registerUser(server, { role: "client" });
  const byClient = await client.client.form("/settings/portfolio", {
    intent: "cert-save",
    name: "x",
    issuer: "y",
  });
  assert.equal(byClient.status, 403);
  await byClient.body?.cancel();
});
