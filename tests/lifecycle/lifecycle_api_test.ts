/**
 * The whole marketplace lifecycle through the public API only, as two real users would drive
 * it: sign up and confirm by mail, post → find → quote → hire → fund → deliver → revise →
 * deliver → approve → release → both review → both profiles show the rating and the history.
 */
import assert from "node:assert/strict";
import { startTestServer, type TestClient, type TestServer } from "../helpers/server.ts";

async function signUpConfirmed(server: TestServer, role: "client" | "worker", name: string) {
  const email = `${role}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const client = server.client();
  const reg = await client.json("POST", "/api/v1/auth/register", {
    email,
    password: "a long enough password",
    displayName: name,
    role,
  });
  assert.equal(reg.status, 201);
  const token = new URL(await server.mailLink(email, "/verify-email")).searchParams.get("token")!;
  const verified = await client.json("GET", `/api/v1/auth/verify-email?token=${token}`);
  assert.equal(verified.status, 200);
  return { client, id: reg.body.user.id as string, email };
}

async function ok(client: TestClient, method: string, path: string, body?: unknown, status = 200) {
  const res = await client.json(method, path, body);
  assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

Deno.test("lifecycle - post, find, quote, hire, fund, deliver, revise, approve, release, review", async () => {
  await using server = await startTestServer();
  const client = await signUpConfirmed(server, "client", "Clara Client");
  const worker = await signUpConfirmed(server, "worker", "Wim Worker");
  await ok(worker.client, "PATCH", "/api/v1/users/me", {
    headline: "Carpenter and furniture fitter",
    skills: ["furniture assembly", "carpentry"],
    hourlyRate: { amountMinor: 3500, currency: "EUR" },
  });

  // The client posts and publishes a task.
  const job = await ok(client.client, "POST", "/api/v1/jobs", {
    title: "Build a garden shed from a kit",
    description: "A 2 x 3 m wooden shed kit needs building on an existing concrete base.",
    category: "home-repair",
    skills: ["carpentry"],
    budget: { type: "fixed", minMinor: 30_000, maxMinor: 45_000, currency: "EUR" },
    deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    remote: false,
    location: { name: "Utrecht", lat: 52.0907, lng: 5.1214, radiusKm: 25 },
    publish: true,
  }, 201);
  assert.equal(job.status, "open");

  // The worker finds it by text, skill and distance, and sends a quote.
  const found = await ok(
    worker.client,
    "GET",
    "/api/v1/jobs?q=shed&skills=carpentry&near=52.08,5.13&radiusKm=10&sort=distance",
  );
  assert.deepEqual(found.items.map((j: { id: string }) => j.id), [job.id]);
  const proposal = await ok(worker.client, "POST", `/api/v1/jobs/${job.id}/proposals`, {
    kind: "quote",
    amount: { amountMinor: 40_000, currency: "EUR" },
    durationDays: 4,
    coverLetter: "I have built a dozen kit sheds; two days of work plus one for the roof felt.",
  }, 201);

  // The client reviews proposals and hires with funds held.
  const listed = await ok(client.client, "GET", `/api/v1/jobs/${job.id}/proposals`);
  assert.equal(listed.items.length, 1);
  const accepted = await ok(client.client, "POST", `/api/v1/proposals/${proposal.id}/accept`, {
    paymentMode: "escrow",
  });
  const contractId = accepted.contractId as string;
  let contract = await ok(client.client, "GET", `/api/v1/contracts/${contractId}`);
  const milestoneId = contract.milestones[0].id as string;
  assert.equal((await ok(client.client, "GET", `/api/v1/jobs/${job.id}`)).status, "in_progress");

  const act = (who: TestClient, action: string, body?: unknown) =>
    ok(who, "POST", `/api/v1/milestones/${milestoneId}/${action}`, body);
  assert.equal((await act(client.client, "fund")).status, "funded");
  assert.equal(
    (await act(worker.client, "submit", { note: "Shed built, see photos." })).status,
    "submitted",
  );
  assert.equal(
    (await act(client.client, "request-revision", { note: "The door rubs on the frame." })).status,
    "revision_requested",
  );
  assert.equal((await act(worker.client, "submit", { note: "Door re-hung." })).status, "submitted");
  assert.equal((await act(client.client, "approve")).status, "released");

  contract = await ok(worker.client, "GET", `/api/v1/contracts/${contractId}`);
  assert.equal(contract.status, "completed");
  assert.deepEqual(contract.ledger.released, { amountMinor: 40_000, currency: "EUR" });
  assert.deepEqual(contract.ledger.platformFee, { amountMinor: 0, currency: "EUR" });
  assert.equal((await ok(client.client, "GET", `/api/v1/jobs/${job.id}`)).status, "completed");

  // Both review; neither sees the other's review until both are in.
  await ok(client.client, "POST", `/api/v1/contracts/${contractId}/reviews`, {
    rating: 5,
    body: "Quick, tidy and fixed the door without fuss.",
  }, 201);
  const early = await ok(client.client, "GET", `/api/v1/users/${worker.id}/reviews`);
  assert.equal(early.items.length, 0, "hidden until both sides have reviewed");
  await ok(worker.client, "POST", `/api/v1/contracts/${contractId}/reviews`, {
    rating: 4,
    body: "Clear brief and paid on approval straight away.",
  }, 201);

  const workerProfile = await ok(client.client, "GET", `/api/v1/users/${worker.id}/profile`);
  assert.equal(workerProfile.worker.reputation.averageRating, 5);
  assert.equal(workerProfile.worker.reputation.completedContracts, 1);
  assert.equal(workerProfile.worker.reputation.scoreStatus, "new", "one client is not enough");
  assert.deepEqual(
    workerProfile.worker.workHistory.map((h: { contractId: string }) => h.contractId),
    [contractId],
  );
  assert.deepEqual(workerProfile.worker.workHistory[0].released, {
    amountMinor: 40_000,
    currency: "EUR",
  });
  const clientProfile = await ok(worker.client, "GET", `/api/v1/users/${client.id}/profile`);
  assert.equal(clientProfile.client.reputation.averageRating, 4);
  assert.deepEqual(clientProfile.client.reputation.totalPaid, [{
    amountMinor: 40_000,
    currency: "EUR",
  }]);
  const reviews = await ok(worker.client, "GET", `/api/v1/users/${worker.id}/reviews`);
  assert.deepEqual(reviews.items.map((r: { rating: number }) => r.rating), [5]);

  // Each side was told what happened, in order.
  const types = async (c: TestClient) =>
    (await ok(c, "GET", "/api/v1/notifications?limit=100")).items.map((n: { type: string }) =>
      n.type
    )
      .reverse();
  const workerTypes = await types(worker.client);
  for (
    const t of [
      "proposal.accepted",
      "milestone.funded",
      "milestone.revision_requested",
      "milestone.released",
      "review.received",
    ]
  ) {
    assert.ok(workerTypes.includes(t), `worker told ${t}: ${workerTypes}`);
  }
  const clientTypes = await types(client.client);
  for (const t of ["proposal.received", "milestone.submitted", "review.received"]) {
    assert.ok(clientTypes.includes(t), `client told ${t}: ${clientTypes}`);
  }
});
