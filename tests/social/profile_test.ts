import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { apiClient } from "../helpers/api.ts";
import { setUserStatus } from "../helpers/db.ts";
import { DAY, insertCompletedContract, insertContract } from "../helpers/fixtures_contracts.ts";
import { assertProblem } from "../helpers/problems.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { readHtml } from "../pages/html.ts";

const profilePath = (id: string) => `/api/v1/users/${id}/profile`;
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

Deno.test("profile - a worker's reputation, work history and score threshold", async () => {
  const clock = createManualClock(Date.UTC(2030, 5, 1));
  await using server = await startTestServer({ clock });
  const worker = await registerUser(server, { role: "worker" });
  const a = await registerUser(server, { role: "client", displayName: "Alice" });
  const b = await registerUser(server, { role: "client", displayName: "Bob" });
  const now = clock.now();

  const view = async () => (await apiClient(server).json("GET", profilePath(worker.user.id))).body;
  let p = await view();
  assert.equal(p.worker.reputation.scoreStatus, "new");
  assert.equal(p.worker.reputation.jobSuccess, null);
  assert.equal(p.client, null);

  // Two completed contracts with one client: still "new".
  for (const days of [30, 20]) {
    await insertCompletedContract(server, a.user.id, worker.user.id, {
      completedAt: now - days * DAY,
      createdAt: now - (days + 5) * DAY,
      milestones: [{ amountMinor: 5000, submittedAt: now - (days + 5) * DAY + 4 * 3600_000 }],
    });
  }
  p = await view();
  assert.equal(p.worker.reputation.completedContracts, 2);
  assert.equal(p.worker.reputation.distinctClients, 1);
  assert.equal(p.worker.reputation.score, null);
  assert.equal(p.worker.reputation.scoreStatus, "new");

  // A second client, a cancelled and a disputed contract.
  await insertCompletedContract(server, b.user.id, worker.user.id, {
    title: "Paint <em>fence</em>",
    completedAt: now - 10 * DAY,
    createdAt: now - 12 * DAY,
    milestones: [{ amountMinor: 1200, submittedAt: now - 12 * DAY + 2 * 3600_000 }],
  });
  await insertContract(server, {
    clientId: b.user.id,
    workerId: worker.user.id,
    status: "cancelled",
    milestones: [],
  });
  await insertContract(server, {
    clientId: a.user.id,
    workerId: worker.user.id,
    status: "active",
    disputed: true,
    milestones: [{ status: "funded", submittedAt: null }],
  });
  p = await view();
  const rep = p.worker.reputation;
  assert.equal(rep.completedContracts, 3);
  assert.equal(rep.distinctClients, 2);
  assert.equal(rep.jobSuccess, 3 / 5);
  assert.equal(rep.scoreStatus, "scored");
  assert.equal(rep.score, 60, "job success alone without visible reviews");
  assert.deepEqual(rep.responseTime, { ms: 4 * 3600_000, samples: 3 });
  assert.equal(p.worker.workHistory.length, 3);
  assert.deepEqual(p.worker.workHistory[0], {
    contractId: p.worker.workHistory[0].contractId,
    title: "Paint <em>fence</em>",
    client: { id: b.user.id, displayName: "Bob" },
    startedAt: new Date(now - 12 * DAY).toISOString(),
    completedAt: new Date(now - 10 * DAY).toISOString(),
    released: { amountMinor: 1200, currency: "USD" },
  });
  const body = JSON.stringify(p);
  for (const secret of ["email", "passwordHash", "isAdmin", "password_hash"]) {
    assert.ok(!body.includes(`"${secret}"`), `no ${secret} in a public profile`);
  }
});

Deno.test("profile - a client's jobs, hire rate, total paid, reliability and response time", async () => {
  const clock = createManualClock(Date.UTC(2030, 5, 1));
  await using server = await startTestServer({ clock });
  const client = await registerUser(server, { role: "client" });
  const worker = await registerUser(server, { role: "worker" });
  const now = clock.now();
  await insertCompletedContract(server, client.user.id, worker.user.id, {
    clientResponseMs: 2 * 3600_000,
    completedAt: now - DAY,
    milestones: [
      { amountMinor: 10_000, dueAt: now - 5 * DAY, fundedAt: now - 9 * DAY },
      {
        paymentMode: "direct",
        status: "released",
        amountMinor: 2_500,
        dueAt: now - 4 * DAY,
        submittedAt: now - 3 * DAY,
        paidAt: now - 2 * DAY,
      },
    ],
  });
  await insertContract(server, {
    clientId: client.user.id,
    workerId: worker.user.id,
    status: "active",
    currency: "EUR",
    clientResponseMs: 4 * 3600_000,
    milestones: [{ status: "pending", dueAt: now - DAY, fundedAt: null, submittedAt: null }],
  });
  const p = (await apiClient(server).json("GET", profilePath(client.user.id))).body;
  assert.equal(p.worker, null);
  const rep = p.client.reputation;
  assert.equal(rep.jobsPosted, 2);
  assert.equal(rep.jobsHired, 2);
  assert.equal(rep.hireRate, 1);
  assert.deepEqual(rep.totalPaid, [{ amountMinor: 12_500, currency: "USD" }]);
  assert.equal(rep.milestonesDue, 3);
  assert.equal(rep.paymentReliability, 2 / 3);
  assert.deepEqual(rep.responseTime, { ms: 3 * 3600_000, samples: 2 });
});

Deno.test("profile - unknown, banned and deleted users are 404", async () => {
  await using server = await startTestServer();
  const banned = await registerUser(server);
  await setUserStatus(server, banned.user.id, "banned");
  for (const id of [crypto.randomUUID(), banned.user.id]) {
    assertProblem(await apiClient(server).json("GET", profilePath(id)), 404, "not-found");
    const page = await server.client().request("GET", `/users/${id}`);
    assert.equal(page.status, 404);
    await page.body?.cancel();
  }
  assertProblem(
    await apiClient(server).json("GET", profilePath("x".repeat(65))),
    422,
    "validation",
  );
});

Deno.test("profile page - renders user content escaped, with metrics and the formulas link", async () => {
  await using server = await startTestServer();
  const worker = await registerUser(server, { role: "worker", displayName: `Eve ${HOSTILE}` });
  const client = await registerUser(server, { role: "client", displayName: `Mal ${HOSTILE}` });
  await worker.client.json("PATCH", "/api/v1/users/me", {
    headline: HOSTILE,
    bio: `Bio ${HOSTILE}`,
  });
  await worker.client.json("POST", "/api/v1/users/me/portfolio", {
    title: `Title ${HOSTILE}`,
    description: HOSTILE,
    link: `https://example.com/"><script>alert(1)</script>`,
  });
  await worker.client.json("POST", "/api/v1/users/me/certifications", {
    name: HOSTILE,
    issuer: HOSTILE,
  });
  const { contractId } = await insertCompletedContract(server, client.user.id, worker.user.id, {
    title: `Job ${HOSTILE}`,
  });
  await client.client.json("POST", `/api/v1/contracts/${contractId}/reviews`, {
    rating: 3,
    body: `Review ${HOSTILE}`,
  });
  await worker.client.json("POST", `/api/v1/contracts/${contractId}/reviews`, {
    rating: 5,
    body: `Back ${HOSTILE}`,
  });

  for (const [who, id] of [[worker, worker.user.id], [client, client.user.id]] as const) {
    const res = await who.client.request("GET", `/users/${id}`);
    assert.equal(res.status, 200);
    const { text, document } = await readHtml(res);
    assert.doesNotMatch(text, /<script>alert|<img src=x/);
    assert.ok(document.querySelector('a[href^="/about/reputation"]'));
    assert.ok(document.querySelectorAll(".metric").length >= 5);
    assert.equal(document.querySelectorAll(".review").length, 1);
  }
  const { document } = await readHtml(
    await server.client().request("GET", `/users/${worker.user.id}`),
  );
  assert.match(document.querySelector("h1")?.textContent ?? "", /Eve <script>/);
  assert.match(document.querySelector(".portfolio-card h3")?.textContent ?? "", /Title <script>/);
  assert.match(document.querySelector(".history-title")?.textContent ?? "", /Job <script>/);
  assert.equal(
    document.querySelector(".portfolio-card a[rel~=nofollow]")?.getAttribute("href"),
    `https://example.com/"><script>alert(1)</script>`,
  );
  assert.equal(document.querySelector("#note"), null, "no note form for visitors");
  assert.match(document.querySelector(".metric-value")?.textContent ?? "", /New/);
});

Deno.test("about reputation - publishes the constants the formulas use", async () => {
  const formulas = await import("@/server/reputation/formulas.ts");
  await using server = await startTestServer();
  const { document } = await readHtml(await server.client().request("GET", "/about/reputation"));
  const constant = (name: string) =>
    document.querySelector(`[data-constant="${name}"]`)?.textContent ?? "";
  assert.match(constant("REVIEW_REVEAL_DAYS"), new RegExp(`^${formulas.REVIEW_REVEAL_DAYS} days`));
  assert.match(constant("SCORE_MIN_COMPLETED"), new RegExp(`^${formulas.SCORE_MIN_COMPLETED} `));
  assert.match(constant("SCORE_MIN_CLIENTS"), new RegExp(`^${formulas.SCORE_MIN_CLIENTS} `));
  assert.match(
    constant("DIRECT_PAYMENT_GRACE_DAYS"),
    new RegExp(`^${formulas.DIRECT_PAYMENT_GRACE_DAYS} days`),
  );
  assert.equal(
    constant("SCORE_WEIGHTS.jobSuccess"),
    `${Math.round(formulas.SCORE_WEIGHTS.jobSuccess * 100)}%`,
  );
  assert.equal(
    document.querySelector('[data-example="score"]')?.textContent,
    String(
      formulas.workerScore({ completedClientIds: ["a", "b"], jobSuccess: 0.9, averageRating: 4.6 })
        .score,
    ),
  );
});
