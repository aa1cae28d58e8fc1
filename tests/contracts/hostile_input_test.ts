import assert from "node:assert/strict";
import { assertProblem } from "../helpers/problems.ts";
import { startTestServer, type TestClient, type TestServer } from "../helpers/server.ts";
import { act, assertNoRowsChange, hire, insertOpenJob, makeAdmin, quote } from "./helpers.ts";

type Case = [label: string, body: unknown, status: number, slug: string];

async function expectAll(server: TestServer, client: TestClient, path: string, cases: Case[]) {
  for (const [label, body, status, slug] of cases) {
    const res = await assertNoRowsChange(
      server,
      () => client.json("POST", path, body),
      `${path}: ${label}`,
    );
    assertProblem(res, status, slug);
  }
}

const long = (n: number) => "x".repeat(n);
const common = (valid: Record<string, unknown>): Case[] => [
  ["an unknown field", { ...valid, isAdmin: true }, 422, "validation"],
  ["an array body", [valid], 422, "validation"],
  ["a number body", 42, 422, "validation"],
  ["null", null, 422, "validation"],
];

Deno.test("hostile input - proposals: wrong types, missing and unknown fields, oversize, foreign files", async () => {
  await using server = await startTestServer();
  const h = await hire(server);
  // A fresh open job for the same worker to quote on.
  const jobId = await insertOpenJob(server, h.client.id);
  const path = `/api/v1/jobs/${jobId}/proposals`;
  const q = quote();
  await expectAll(server, h.worker.client, path, [
    ...common(q),
    ["no kind", { amount: q.amount }, 422, "validation"],
    ["an unknown kind", { ...q, kind: "bid" }, 422, "validation"],
    ["instant with an amount", { kind: "instant", amount: q.amount }, 422, "validation"],
    ["amount as a string", { ...q, amount: "100" }, 422, "validation"],
    ["a float amount", { ...q, amount: { amountMinor: 10.5, currency: "EUR" } }, 422, "validation"],
    ["a zero amount", { ...q, amount: { amountMinor: 0, currency: "EUR" } }, 422, "validation"],
    [
      "a negative amount",
      { ...q, amount: { amountMinor: -5, currency: "EUR" } },
      422,
      "validation",
    ],
    ["a huge amount", { ...q, amount: { amountMinor: 1e12, currency: "EUR" } }, 422, "validation"],
    [
      "another currency",
      { ...q, amount: { amountMinor: 100, currency: "USD" } },
      422,
      "validation",
    ],
    ["a bad currency", { ...q, amount: { amountMinor: 100, currency: "euro" } }, 422, "validation"],
    ["0 days", { ...q, durationDays: 0 }, 422, "validation"],
    ["366 days", { ...q, durationDays: 366 }, 422, "validation"],
    ["1.5 days", { ...q, durationDays: 1.5 }, 422, "validation"],
    ["days as text", { ...q, durationDays: "3" }, 422, "validation"],
    ["a short letter", { ...q, coverLetter: "Hire me" }, 422, "validation"],
    ["a blank letter", { ...q, coverLetter: " ".repeat(40) }, 422, "validation"],
    ["an oversize letter", { ...q, coverLetter: long(5001) }, 422, "validation"],
    ["attachments not a list", { ...q, attachments: "abc" }, 422, "validation"],
    [
      "11 attachments",
      { ...q, attachments: Array.from({ length: 11 }, (_, i) => `u${i}`) },
      422,
      "validation",
    ],
    ["an unknown upload", { ...q, attachments: ["not-an-upload"] }, 422, "validation"],
    ["an oversize message", { kind: "instant", message: long(5001) }, 422, "validation"],
  ]);
  const malformed = await assertNoRowsChange(
    server,
    () =>
      h.worker.client.request("POST", path, "{not json", { "content-type": "application/json" }),
  );
  assert.equal(malformed.status, 400);
  const text = await assertNoRowsChange(
    server,
    () => h.worker.client.request("POST", path, "kind=instant", { "content-type": "text/plain" }),
  );
  assert.equal(text.status, 415);
  const longId = await h.worker.client.json("POST", `/api/v1/jobs/${long(65)}/proposals`, q);
  assertProblem(longId, 422, "validation");
  const query = await h.client.client.json("GET", `/api/v1/jobs/${jobId}/proposals?status=won`);
  assertProblem(query, 422, "validation");
  const limit = await h.worker.client.json("GET", "/api/v1/proposals?limit=1000");
  assertProblem(limit, 422, "validation");
});

Deno.test("hostile input - proposal actions, milestones, disputes and resolutions", async () => {
  await using server = await startTestServer();
  const h = await hire(server);
  const { client, worker, contractId, milestoneId } = h;

  await expectAll(server, client.client, `/api/v1/proposals/${h.proposalId}/accept`, [
    ["an unknown payment mode", { paymentMode: "crypto" }, 422, "validation"],
    ["an unknown field", { paymentMode: "escrow", amount: 1 }, 422, "validation"],
  ]);
  await expectAll(server, client.client, `/api/v1/proposals/${h.proposalId}/reject`, [
    ["an unknown field", { reason: "no" }, 422, "validation"],
  ]);

  const m = { title: "Shelves", amount: { amountMinor: 500, currency: "EUR" } };
  await expectAll(server, client.client, `/api/v1/contracts/${contractId}/milestones`, [
    ...common(m),
    ["no title", { amount: m.amount }, 422, "validation"],
    ["a blank title", { ...m, title: "   " }, 422, "validation"],
    ["an oversize title", { ...m, title: long(121) }, 422, "validation"],
    ["no amount", { title: "x" }, 422, "validation"],
    ["a zero amount", { ...m, amount: { amountMinor: 0, currency: "EUR" } }, 422, "validation"],
    ["a bad date", { ...m, dueAt: "next week" }, 422, "validation"],
    ["a date as a number", { ...m, dueAt: 1735689600000 }, 422, "validation"],
    ["an unknown mode", { ...m, paymentMode: "cash" }, 422, "validation"],
  ]);

  await expectAll(server, client.client, `/api/v1/milestones/${milestoneId}/fund`, [
    ["a body with fields", { amountMinor: 1 }, 422, "validation"],
  ]);
  await act(client.client, milestoneId, "fund");
  await expectAll(server, worker.client, `/api/v1/milestones/${milestoneId}/submit`, [
    ...common({ note: "x" }),
    ["no note", {}, 422, "validation"],
    ["a blank note", { note: "  " }, 422, "validation"],
    ["an oversize note", { note: long(5001) }, 422, "validation"],
    ["a note as a number", { note: 5 }, 422, "validation"],
    ["an unknown upload", { note: "x", attachments: ["nope"] }, 422, "validation"],
  ]);
  await act(worker.client, milestoneId, "submit", { note: "Done." });
  await expectAll(server, client.client, `/api/v1/milestones/${milestoneId}/request-revision`, [
    ...common({ note: "x" }),
    ["no note", {}, 422, "validation"],
    ["an oversize note", { note: long(5001) }, 422, "validation"],
  ]);

  await expectAll(server, worker.client, `/api/v1/contracts/${contractId}/dispute`, [
    ...common({ reason: long(30) }),
    ["a short reason", { reason: "Bad." }, 422, "validation"],
    ["an oversize reason", { reason: long(5001) }, 422, "validation"],
  ]);
  const d = (await worker.client.json("POST", `/api/v1/contracts/${contractId}/dispute`, {
    reason: "The client does not answer at all, for a week now.",
  })).body;
  await expectAll(server, client.client, `/api/v1/disputes/${d.id}/answer`, [
    ...common({ response: "x" }),
    ["no response", {}, 422, "validation"],
    ["an oversize response", { response: long(5001) }, 422, "validation"],
  ]);
  const admin = await makeAdmin(server);
  await expectAll(server, admin.client, `/api/v1/admin/disputes/${d.id}/resolve`, [
    ...common({ outcome: "refund", note: "x" }),
    ["an unknown outcome", { outcome: "split", note: "x" }, 422, "validation"],
    ["no note", { outcome: "refund" }, 422, "validation"],
    ["an oversize note", { outcome: "refund", note: long(5001) }, 422, "validation"],
  ]);
  const unknown = await admin.client.json("POST", "/api/v1/admin/disputes/nope/resolve", {
    outcome: "refund",
    note: "x",
  });
  assertProblem(unknown, 404, "not-found");
});
