import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { assertFieldError, assertProblem } from "../helpers/problems.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";
import {
  multipart,
  PNG,
  postJob,
  rowCount,
  text,
  upload,
  uploadPng,
  verifiedClient,
} from "./helpers.ts";

function storedFiles(server: TestServer): string[] {
  try {
    return [...Deno.readDirSync(`${server.dataDir}/uploads`)].map((e) => e.name);
  } catch {
    return [];
  }
}

Deno.test("uploads - the type comes from the bytes: a PNG named .pdf is stored as a PNG", async () => {
  await using server = await startTestServer();
  const { client, user } = await registerUser(server);
  const res = await upload(client, { name: "scan.pdf", type: "application/pdf", bytes: PNG });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.mime, "image/png");
  assert.equal(res.body.kind, "image");
  assert.equal(res.body.fileName, "scan.png");
  assert.equal(res.body.size, PNG.length);
  assert.equal(res.body.url, `/files/${res.body.id}`);
  const files = storedFiles(server);
  assert.equal(files.length, 1);
  assert.doesNotMatch(files[0], /scan|png/, "stored under a random name");
  assert.ok(!files[0].includes(user.id));

  const file = await client.request("GET", res.body.url);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get("content-type"), "image/png");
  assert.equal(file.headers.get("x-content-type-options"), "nosniff");
  assert.match(file.headers.get("cache-control") ?? "", /private/);
  assert.equal(
    file.headers.get("content-disposition"),
    `inline; filename="scan.png"; filename*=UTF-8''scan.png`,
  );
  assert.deepEqual(new Uint8Array(await file.arrayBuffer()), PNG);
});

Deno.test("uploads - each accepted type, with text served as a download", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  const cases: [string, Uint8Array, string][] = [
    ["a.jpg", Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), "image/jpeg"],
    ["a.gif", text("GIF89a...."), "image/gif"],
    ["a.webp", text("RIFF\x10\x00\x00\x00WEBPVP8 "), "image/webp"],
    ["a.pdf", text("%PDF-1.7\n%...."), "application/pdf"],
    ["notes", text("Measurements: 2 m × 60 cm — thanks!\n"), "text/plain; charset=utf-8"],
  ];
  for (const [name, bytes, mime] of cases) {
    const res = await upload(client, { name, type: "application/octet-stream", bytes });
    assert.equal(res.status, 201, `${name}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.mime, mime, name);
  }
  const list = (await server.deps.db.client.execute(
    "SELECT id, file_name FROM uploads WHERE mime LIKE 'text/%'",
  )).rows[0];
  assert.equal(list.file_name, "notes.txt", "an extension matching the type is added");
  const file = await client.request("GET", `/files/${list.id}`);
  assert.match(file.headers.get("content-disposition") ?? "", /^attachment; filename="notes.txt"/);
  assert.equal(file.headers.get("x-content-type-options"), "nosniff");
  await file.body?.cancel();
});

Deno.test("uploads - HTML, SVG, XML, programs and empty files are refused with 415/422", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  const refused: [string, string, Uint8Array][] = [
    ["page.txt", "text/plain", text("<!DOCTYPE html><script>alert(1)</script>")],
    ["page.txt", "text/plain", text("  \n<html><body>hi</body></html>")],
    ["logo.svg", "image/svg+xml", text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ["logo.png", "image/png", text('<?xml version="1.0"?><svg/>')],
    ["setup.exe", "application/octet-stream", Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0])],
    ["run", "application/octet-stream", Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1])],
    ["x.sh", "text/plain", text("#!/bin/sh\nrm -rf /\n")],
    ["bin.txt", "text/plain", Uint8Array.from([0x61, 0x00, 0x62])],
    ["latin1.txt", "text/plain", Uint8Array.from([0x63, 0x61, 0x66, 0xe9])],
  ];
  for (const [name, type, bytes] of refused) {
    assertProblem(await upload(client, { name, type, bytes }), 415, "unsupported-media-type");
  }
  assertProblem(
    await upload(client, { name: "empty.txt", type: "text/plain", bytes: new Uint8Array() }),
    415,
    "unsupported-media-type",
  );
  assert.equal(await rowCount(server, "uploads"), 0);
  assert.deepEqual(storedFiles(server), []);
});

Deno.test("uploads - not multipart is 415, a missing file 422, unsigned 401", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  assertProblem(
    await client.json("POST", "/api/v1/uploads", { file: "aGVsbG8=" }),
    415,
    "unsupported-media-type",
  );
  const noFile = multipart([{ name: "file", value: "just text" }]);
  assertFieldError(
    await client.json("POST", "/api/v1/uploads", noFile.body, {
      "content-type": noFile.contentType,
    }),
    "body.file",
  );
  assertProblem(
    await upload(server.client(), { name: "a.png", type: "image/png", bytes: PNG }),
    401,
    "unauthenticated",
  );
});

Deno.test("uploads - 5 MB is accepted, 5 MB + 1 byte is 413, and JSON keeps its 1 MB limit", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  const big = new Uint8Array(5 * 1024 * 1024).fill(0x61);
  const ok = await upload(client, { name: "big.txt", type: "text/plain", bytes: big });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  const over = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x61);
  assertProblem(
    await upload(client, { name: "big.txt", type: "text/plain", bytes: over }),
    413,
    "payload-too-large",
  );
  const huge = new Uint8Array(6 * 1024 * 1024).fill(0x61);
  assertProblem(
    await upload(client, { name: "huge.txt", type: "text/plain", bytes: huge }),
    413,
    "payload-too-large",
  );
  assert.equal(await rowCount(server, "uploads"), 1);
  const json = await client.request(
    "PATCH",
    "/api/v1/users/me",
    JSON.stringify({ bio: "x".repeat(1024 * 1024) }),
    { "content-type": "application/json" },
  );
  assert.equal(json.status, 413);
  await json.body?.cancel();
});

Deno.test("uploads - the 11th upload in an hour is 429 with Retry-After; an hour later it works", async () => {
  const clock = createManualClock();
  await using server = await startTestServer({ clock });
  const { client } = await registerUser(server);
  for (let i = 0; i < 10; i++) await uploadPng(client, `p${i}.png`);
  const refused = await upload(client, { name: "p11.png", type: "image/png", bytes: PNG });
  assertProblem(refused, 429, "rate-limited");
  assert.ok(Number(refused.headers.get("retry-after")) > 0);
  assert.equal(await rowCount(server, "uploads"), 10);
  const { client: other } = await registerUser(server);
  await uploadPng(other);
  clock.advance(3600_000);
  assert.equal((await client.json("POST", "/api/v1/auth/refresh")).status, 200);
  await uploadPng(client);
});

Deno.test("uploads - file names are sanitised: no paths, control characters or long names", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server);
  const cases: [string, string][] = [
    ["../../etc/passwd.png", "passwd.png"],
    ["..\\..\\boot.ini", "boot.png"],
    ["a\u202Egnp.exe", "agnp.png"],
    ["we:ird|na\tme.PNG", "we_ird_name.png"],
    ["...", "file.png"],
    [`${"x".repeat(300)}.png`, `${"x".repeat(96)}.png`],
    ["résumé photo.png", "résumé photo.png"],
  ];
  for (const [name, expected] of cases) {
    const res = await upload(client, { name, type: "image/png", bytes: PNG });
    assert.equal(res.status, 201, `${name}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.fileName, expected, JSON.stringify(name));
  }
  const [row] = (await server.deps.db.client.execute(
    "SELECT id FROM uploads WHERE file_name LIKE 'r%sum%'",
  )).rows;
  const res = await client.request("GET", `/files/${row.id}`);
  assert.equal(
    res.headers.get("content-disposition"),
    `inline; filename="r_sum_ photo.png"; filename*=UTF-8''r%C3%A9sum%C3%A9%20photo.png`,
  );
  await res.body?.cancel();
  assert.ok((storedFiles(server)).every((f) => /^[0-9a-f]{48}$/.test(f)));
});

async function insertContract(
  server: TestServer,
  jobId: string,
  clientId: string,
  workerId: string,
) {
  const now = Date.now();
  const exec = (sql: string, args: (string | number)[]) =>
    server.deps.db.client.execute({ sql, args });
  await exec(
    `INSERT INTO proposals (id, job_id, worker_id, kind, amount_minor, currency, status,
      created_at, updated_at) VALUES ('prop1', ?, ?, 'quote', 5000, 'GBP', 'accepted', ?, ?)`,
    [jobId, workerId, now, now],
  );
  await exec(
    `INSERT INTO contracts (id, job_id, proposal_id, client_id, worker_id, title, currency, status,
      created_at, updated_at) VALUES ('con1', ?, 'prop1', ?, ?, 'Work', 'GBP', 'active', ?, ?)`,
    [jobId, clientId, workerId, now, now],
  );
  await exec(
    `INSERT INTO milestones (id, contract_id, position, title, amount_minor, currency, payment_mode,
      status, created_at, updated_at) VALUES ('ms1', 'con1', 1, 'All', 5000, 'GBP', 'direct',
      'submitted', ?, ?)`,
    [now, now],
  );
  await exec(
    `INSERT INTO deliverables (id, milestone_id, note, created_at) VALUES ('del1', 'ms1', 'Done', ?)`,
    [now],
  );
}

async function attach(server: TestServer, uploadId: string, type: string, subjectId: string) {
  await server.deps.db.client.execute({
    sql:
      "INSERT INTO attachments (upload_id, subject_type, subject_id, created_at) VALUES (?, ?, ?, ?)",
    args: [uploadId, type, subjectId, Date.now()],
  });
}

Deno.test("uploads - access follows what the file is attached to; everyone else gets 404", async () => {
  await using server = await startTestServer();
  const { client, user: clientUser } = await verifiedClient(server);
  const { client: worker, user: workerUser } = await registerUser(server, { role: "worker" });
  const { client: stranger } = await registerUser(server, { role: "worker" });
  const anon = server.client();
  const status = async (who: typeof anon, id: string) => {
    const res = await who.request("GET", `/files/${id}`);
    await res.body?.cancel();
    return res.status;
  };

  const unattached = await uploadPng(client);
  assert.equal(await status(client, unattached), 200, "the owner");
  assert.equal(await status(stranger, unattached), 404);
  assert.equal(await status(anon, unattached), 404);

  const draftFile = await uploadPng(client);
  const draft = await postJob(client, { attachments: [draftFile] });
  assert.equal(await status(stranger, draftFile), 404, "a draft's files are the owner's");
  const openFile = await uploadPng(client);
  const open = await postJob(client, { publish: true, attachments: [openFile] });
  assert.equal(await status(anon, openFile), 200, "an open job's files are public");
  assert.ok(draft.id);

  const proposalFile = await uploadPng(worker);
  const deliverableFile = await uploadPng(worker);
  const portfolioFile = await uploadPng(worker);
  await insertContract(server, open.id, clientUser.id, workerUser.id);
  await attach(server, proposalFile, "proposal", "prop1");
  await attach(server, deliverableFile, "deliverable", "del1");
  await attach(server, portfolioFile, "portfolio", "pf1");
  assert.equal(await status(client, proposalFile), 200, "the job's client sees proposal files");
  assert.equal(await status(worker, proposalFile), 200);
  assert.equal(await status(stranger, proposalFile), 404);
  assert.equal(await status(anon, proposalFile), 404);
  assert.equal(await status(client, deliverableFile), 200, "contract parties see deliverables");
  assert.equal(await status(stranger, deliverableFile), 404, "another user's deliverable");
  assert.equal(await status(anon, deliverableFile), 404);
  assert.equal(await status(anon, portfolioFile), 200, "portfolio files are public");
  assert.equal(await status(anon, crypto.randomUUID()), 404);
  assert.equal(await status(anon, "..%2F..%2Fjwt_secret"), 404);
});
