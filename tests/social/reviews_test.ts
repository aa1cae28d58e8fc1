import assert from "node:assert/strict";
import { createManualClock } from "@/server/clock.ts";
import { apiClient } from "../helpers/api.ts";
import { DAY, insertCompletedContract, insertContract } from "../helpers/fixtures_contracts.ts";
import { assertFieldError, assertProblem, assertUnknownField } from "../helpers/problems.ts";
import { registerUser, startTestServer } from "../helpers/server.ts";
import { location, readHtml } from "../pages/html.ts";
import { assertSocialUnchanged, clientAndWorker, countWhere } from "./helpers.ts";

const GOOD = { rating: 5, body: "Quick, tidy and friendly. Would hire again." };
const reviewsPath = (contractId: string) => `/api/v1/contracts/${contractId}/reviews`;
const userReviews = (userId: string) => `/api/v1/users/${userId}/reviews`;

Deno.test("reviews - each party reviews once; both show once both are in", async () => {
  await using server = await startTestServer();
  const { client, worker } = await clientAndWorker(server);
  const { contractId } = await insertCompletedContract(server, client.user.id, worker.user.id, {
    title: "Fix the <b>sink</b>",
  });

  const first = await client.client.json("POST", reviewsPath(contractId), GOOD);
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.equal(first.body.visible, false);
  assert.equal(first.body.rating, 5);
  assert.ok(first.body.visibleFrom);

  // Hidden from everyone, the subject included, until the other side reviews.
  const hidden = await apiClient(server).json("GET", userReviews(worker.user.id));
  assert.equal(hidden.status, 200);
  assert.deepEqual(hidden.body.items, []);
  const state = await worker.client.json("GET", reviewsPath(contractId));
  assert.equal(state.body.theirs, null);
  assert.equal(state.body.theirsSubmitted, true);
  assert.equal(state.body.canReview, true);
  const profile = await apiClient(server).json("GET", `/api/v1/users/${worker.user.id}/profile`);
  assert.equal(profile.body.worker.reputation.reviewCount, 0);
  assert.equal(profile.body.worker.reputation.averageRating, null);

  const again = await client.client.json("POST", reviewsPath(contractId), GOOD);
  assertProblem(again, 409, "conflict");

  const second = await worker.client.json("POST", reviewsPath(contractId), {
    rating: 4,
    body: "Clear brief and paid on time.",
  });
  assert.equal(second.status, 201);
  assert.equal(second.body.visible, true);

  const aboutWorker = await apiClient(server).json("GET", userReviews(worker.user.id));
  assert.equal(aboutWorker.body.items.length, 1);
  const r = aboutWorker.body.items[0];
  assert.equal(r.rating, 5);
  assert.equal(r.body, GOOD.body);
  assert.equal(r.contractTitle, "Fix the <b>sink</b>");
  assert.deepEqual(r.author, { id: client.user.id, displayName: "Cleo Client", role: "client" });
  const aboutClient = await apiClient(server).json("GET", userReviews(client.user.id));
  assert.equal(aboutClient.body.items[0].rating, 4);
  const shown = await apiClient(server).json("GET", `/api/v1/users/${worker.user.id}/profile`);
  assert.equal(shown.body.worker.reputation.averageRating, 5);
});

Deno.test("reviews - a single review becomes visible 14 days after completion", async () => {
  const clock = createManualClock(Date.UTC(2030, 0, 1));
  await using server = await startTestServer({ clock });
  const { client, worker } = await clientAndWorker(server);
  const { contractId } = await insertCompletedContract(server, client.user.id, worker.user.id);
  assert.equal((await worker.client.json("POST", reviewsPath(contractId), GOOD)).status, 201);

  clock.advance(14 * DAY - 1);
  const before = await apiClient(server).json("GET", userReviews(client.user.id));
  assert.deepEqual(before.body.items, []);
  clock.advance(1);
  const after = await apiClient(server).json("GET", userReviews(client.user.id));
  assert.equal(after.body.items.length, 1);
  assert.equal(after.body.items[0].body, GOOD.body);
});

Deno.test("reviews - the subject is notified without the content", async () => {
  await using server = await startTestServer();
  const { client, worker } = await clientAndWorker(server);
  const { contractId } = await insertCompletedContract(server, client.user.id, worker.user.id);
  await client.client.json("POST", reviewsPath(contractId), {
    rating: 1,
    body: "Secret words that must not leak early.",
  });
  const inbox = await worker.client.json("GET", "/api/v1/notifications");
  assert.equal(inbox.body.unreadCount, 1);
  const n = inbox.body.items[0];
  assert.equal(n.type, "review.received");
  assert.doesNotMatch(JSON.stringify(n), /Secret words|"rating"|1 star/);
  assert.equal(await countWhere(server, "notifications", "user_id = ?", [client.user.id]), 0);
});

Deno.test("reviews - only the parties, only after completion (404 / 409, nothing changes)", async () => {
  await using server = await startTestServer();
  const { client, worker } = await clientAndWorker(server);
  const stranger = await registerUser(server, { role: "client" });
  const otherWorker = await registerUser(server, { role: "worker" });
  const done = await insertCompletedContract(server, client.user.id, worker.user.id);
  const active = await insertContract(server, {
    clientId: client.user.id,
    workerId: worker.user.id,
    status: "active",
    milestones: [{ status: "funded" }],
  });
  const disputed = await insertContract(server, {
    clientId: client.user.id,
    workerId: worker.user.id,
    status: "disputed",
    disputed: true,
  });

  for (const who of [stranger, otherWorker]) {
    const res = await assertSocialUnchanged(
      server,
      () => who.client.json("POST", reviewsPath(done.contractId), GOOD),
    );
    assertProblem(res, 404, "not-found");
    assertProblem(await who.client.json("GET", reviewsPath(done.contractId)), 404, "not-found");
  }
  const unknown = await client.client.json("POST", reviewsPath(crypto.randomUUID()), GOOD);
  assertProblem(unknown, 404, "not-found");
  for (const c of [active, disputed]) {
    for (const party of [client, worker]) {
      const res = await assertSocialUnchanged(
        server,
        () => party.client.json("POST", reviewsPath(c.contractId), GOOD),
      );
      assertProblem(res, 409, "conflict");
    }
  }
  assertProblem(
    await apiClient(server).json("POST", reviewsPath(done.contractId), GOOD),
    401,
    "unauthenticated",
  );
});

Deno.test("reviews - bad input is refused and changes nothing", async () => {
  await using server = await startTestServer();
  const { client, worker } = await clientAndWorker(server);
  const { contractId } = await insertCompletedContract(server, client.user.id, worker.user.id);
  const cases: [unknown, string][] = [
    [{ rating: 0, body: GOOD.body }, "body.rating"],
    [{ rating: 6, body: GOOD.body }, "body.rating"],
    [{ rating: 4.5, body: GOOD.body }, "body.rating"],
    [{ rating: "5", body: GOOD.body }, "body.rating"],
    [{ body: GOOD.body }, "body.rating"],
    [{ rating: 5, body: "too short" }, "body.body"],
    [{ rating: 5, body: "          x         " }, "body.body"],
    [{ rating: 5, body: "x".repeat(5001) }, "body.body"],
    [{ rating: 5, body: 12345678901 }, "body.body"],
    [{ rating: 5 }, "body.body"],
  ];
  for (const [body, path] of cases) {
    const res = await assertSocialUnchanged(
      server,
      () => client.client.json("POST", reviewsPath(contractId), body),
      path,
    );
    assertFieldError(res, path);
  }
  const extra = await assertSocialUnchanged(
    server,
    () => client.client.json("POST", reviewsPath(contractId), { ...GOOD, subjectId: "x" }),
  );
  assertUnknownField(extra, "subjectId");
  const long = await client.client.json("POST", reviewsPath("x".repeat(65)), GOOD);
  assertFieldError(long, "params.id");
  const notJson = await client.client.request("POST", reviewsPath(contractId), "rating=5", {
    "content-type": "text/plain",
  });
  assert.equal(notJson.status, 415);
  await notJson.body?.cancel();
  // The limits are inclusive: exactly 10 and 5,000 characters are fine.
  const edge = await client.client.json("POST", reviewsPath(contractId), {
    rating: 1,
    body: "x".repeat(5000),
  });
  assert.equal(edge.status, 201);
});

Deno.test("reviews - the list pages with a cursor and refuses a forged one", async () => {
  const clock = createManualClock(Date.UTC(2030, 0, 1));
  await using server = await startTestServer({ clock });
  const { worker } = await clientAndWorker(server);
  for (let i = 0; i < 5; i++) {
    const c = await registerUser(server, { role: "client" });
    const { contractId } = await insertCompletedContract(server, c.user.id, worker.user.id);
    await c.client.json("POST", reviewsPath(contractId), {
      rating: 1 + i,
      body: `Review #${i} of ten chars`,
    });
    clock.advance(1000);
  }
  clock.advance(15 * DAY);
  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : "";
    const page = await apiClient(server).json("GET", `${userReviews(worker.user.id)}?limit=2${q}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length <= 2);
    seen.push(...page.body.items.map((r: { rating: number }) => r.rating));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, [5, 4, 3, 2, 1]);
  for (
    const q of ["cursor=%27%20OR%201=1", "cursor=bm90LWEtY3Vyc29y", "limit=0", "limit=101", "x=1"]
  ) {
    const res = await apiClient(server).json("GET", `${userReviews(worker.user.id)}?${q}`);
    assertProblem(res, 422, "validation");
  }
  assertProblem(
    await apiClient(server).json("GET", userReviews(crypto.randomUUID())),
    404,
    "not-found",
  );
});

Deno.test("review page - a party reviews by form; others get 404; errors re-render", async () => {
  await using server = await startTestServer();
  const { client, worker } = await clientAndWorker(server);
  const stranger = await registerUser(server, { role: "client" });
  const { contractId } = await insertCompletedContract(server, client.user.id, worker.user.id);
  const path = `/reviews/${contractId}`;

  const get = await stranger.client.request("GET", path);
  assert.equal(get.status, 404);
  await get.body?.cancel();
  const post = await assertSocialUnchanged(
    server,
    () => stranger.client.form(path, { rating: "5", body: GOOD.body }),
  );
  assert.equal(post.status, 404);
  await post.body?.cancel();

  const { document } = await readHtml(await client.client.request("GET", path));
  assert.equal(document.querySelectorAll('input[name="rating"]').length, 5);
  const bad = await assertSocialUnchanged(
    server,
    () => client.client.form(path, { rating: "6", body: "short" }),
  );
  assert.equal(bad.status, 422);
  const shown = await readHtml(bad);
  assert.ok(shown.document.getElementById("f-rating-error"));
  assert.ok(shown.document.getElementById("f-body-error"));

  const ok = await client.client.form(path, { rating: "4", body: GOOD.body });
  assert.equal(ok.status, 303);
  assert.equal(location(ok), `${path}?sent=1`);
  const again = await client.client.form(path, { rating: "4", body: GOOD.body });
  assert.equal(again.status, 409, "a second review is refused");
  await again.body?.cancel();
  assert.equal(await countWhere(server, "reviews"), 1);

  const mine = await readHtml(await client.client.request("GET", `${path}?sent=1`));
  assert.match(mine.text, /Your review/);
  assert.match(mine.text, /Not in yet/);
});
