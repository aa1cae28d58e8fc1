import assert from "node:assert/strict";
import { assertProblem } from "../helpers/problems.ts";
import { startTestServer, type TestClient } from "../helpers/server.ts";
import {
  act,
  assertNoRowsChange,
  getContract,
  hire,
  marketplace,
  party,
  quote,
} from "./helpers.ts";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

/** A multipart post with the client's cookies, as a browser form (or an API client) sends it. */
function postMultipart(client: TestClient, path: string, form: FormData) {
  return fetch(client.base + path, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: {
      origin: client.origin ?? "",
      "x-forwarded-for": client.ip,
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    },
  });
}

async function upload(client: TestClient, name = "plan.pdf"): Promise<string> {
  const form = new FormData();
  form.append("file", new File([PDF], name, { type: "application/pdf" }));
  const res = await postMultipart(client, "/api/v1/uploads", form);
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body.id;
}

Deno.test("attachments - a quote's files are listed for the client and served to both sides only", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const fileId = await upload(worker.client);
  const sent = await worker.client.json(
    "POST",
    `/api/v1/jobs/${jobId}/proposals`,
    quote(10_000, { attachments: [fileId] }),
  );
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  assert.equal(sent.body.attachments.length, 1);
  assert.equal(sent.body.attachments[0].fileName, "plan.pdf");
  const listed = await client.client.json("GET", `/api/v1/jobs/${jobId}/proposals`);
  assert.equal(listed.body.items[0].attachments[0].url, `/files/${fileId}`);
  assert.equal((await client.client.request("GET", `/files/${fileId}`)).status, 200);
  const outsider = await party(server, "client");
  assert.equal((await outsider.client.request("GET", `/files/${fileId}`)).status, 404);
});

Deno.test("attachments - someone else's upload cannot be attached (422, nothing changes)", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const theirs = await upload(client.client);
  const res = await assertNoRowsChange(
    server,
    () =>
      worker.client.json(
        "POST",
        `/api/v1/jobs/${jobId}/proposals`,
        quote(10_000, { attachments: [theirs] }),
      ),
  );
  assertProblem(res, 422, "validation");
});

Deno.test("attachments - a delivery's files travel with it, from the API and from the page form", async () => {
  await using server = await startTestServer();
  const { client, worker, contractId, milestoneId } = await hire(server);
  await act(client.client, milestoneId, "fund");
  const fileId = await upload(worker.client, "photos.pdf");
  await act(worker.client, milestoneId, "submit", { note: "See the file.", attachments: [fileId] });
  await act(client.client, milestoneId, "request-revision", { note: "One more angle please." });

  const form = new FormData();
  form.append("intent", "milestone");
  form.append("action", "submit");
  form.append("milestoneId", milestoneId);
  form.append("note", "Second delivery with a new file.");
  form.append("files", new File([PDF], "angle.pdf", { type: "application/pdf" }));
  const res = await postMultipart(worker.client, `/contracts/${contractId}`, form);
  assert.equal(res.status, 303, await res.text());

  const c = await getContract(client.client, contractId);
  const [first, second] = c.milestones[0].deliverables;
  assert.deepEqual(first.attachments.map((a: { id: string }) => a.id), [fileId]);
  assert.equal(second.attachments[0].fileName, "angle.pdf");
  const fetched = await client.client.request("GET", second.attachments[0].url);
  assert.equal(fetched.status, 200);
  await fetched.body?.cancel();
});
