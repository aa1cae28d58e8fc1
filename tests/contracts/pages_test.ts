import assert from "node:assert/strict";
import { location, readHtml } from "../pages/html.ts";
import { startTestServer } from "../helpers/server.ts";
import {
  assertLedgerBalanced,
  assertNoRowsChange,
  getContract,
  hire,
  makeAdmin,
  marketplace,
  notificationsOf,
  party,
  quote,
} from "./helpers.ts";
import { insertContract } from "../helpers/fixtures_contracts.ts";
import { reviews } from "@/db/schema_social.ts";

/** The forms of the contract page, by their action, for one milestone. */
function actionForms(document: Document, milestoneId: string): string[] {
  const card = document.getElementById(`milestone-${milestoneId}`);
  assert.ok(card, "the milestone is on the page");
  return [...card.querySelectorAll("form[data-action]")].map((f) =>
    f.getAttribute("data-action") ?? ""
  );
}

Deno.test("apply page - a worker quotes without JavaScript; bad fields come back with messages", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const get = await readHtml(await worker.client.request("GET", `/jobs/${jobId}/apply`));
  assert.ok(get.document.querySelector('form input[name="intent"][value="instant"]'));
  const quoteForm = get.document.querySelector('form[enctype="multipart/form-data"]');
  assert.ok(quoteForm?.querySelector('input[type="file"][name="files"]'));
  assert.match(get.text, /€80\.00 – €120\.00/);

  const bad = await assertNoRowsChange(server, () =>
    worker.client.form(`/jobs/${jobId}/apply`, {
      intent: "quote",
      amount: "12.345",
      durationDays: "0",
      coverLetter: "short",
    }));
  assert.equal(bad.status, 422);
  const page = await readHtml(bad);
  assert.match(page.document.getElementById("f-amount-error")?.textContent ?? "", /amount like/);
  assert.match(page.document.getElementById("f-durationDays-error")?.textContent ?? "", /one day/);
  assert.match(page.document.getElementById("f-coverLetter-error")?.textContent ?? "", /20/);
  assert.equal(page.document.querySelector('[name="coverLetter"]')?.textContent, "short");

  const ok = await worker.client.form(`/jobs/${jobId}/apply`, {
    intent: "quote",
    amount: "95.50",
    durationDays: "4",
    coverLetter: "I can do this on Saturday with my own tools.",
  });
  assert.equal(ok.status, 303);
  assert.equal(location(ok), "/proposals?sent=1");
  const mine = await readHtml(await worker.client.request("GET", "/proposals?sent=1"));
  assert.match(mine.text, /Proposal sent/);
  assert.match(mine.text, /€95\.50/);

  const again = await readHtml(await worker.client.request("GET", `/jobs/${jobId}/apply`));
  assert.match(again.text, /already have a live proposal/);
  assert.equal(again.document.querySelector('input[name="intent"]'), null, "no forms");

  const asClient = await readHtml(await client.client.request("GET", `/jobs/${jobId}/apply`));
  assert.match(asClient.text, /Only worker accounts can apply/);
  const signedOut = await server.client().request("GET", `/jobs/${jobId}/apply`);
  assert.equal(signedOut.status, 303);
  assert.match(location(signedOut), /^\/login\?next=/);
});

Deno.test("proposal pages - the client hires with a payment choice; the worker withdraws another", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const other = await party(server, "worker");
  await worker.client.form(`/jobs/${jobId}/apply`, { intent: "instant", message: "Free today." });
  await other.client.form(`/jobs/${jobId}/apply`, { intent: "instant" });
  const otherId = (await other.client.json("GET", "/api/v1/proposals")).body.items[0].id;

  const review = await readHtml(await client.client.request("GET", `/jobs/${jobId}/proposals`));
  const cards = review.document.querySelectorAll(".proposal-card");
  assert.equal(cards.length, 2);
  assert.match(review.text, /Free today\./);
  assert.ok(review.document.querySelector('input[name="paymentMode"][value="direct"]'));
  const outsider = await party(server, "client");
  assert.equal((await outsider.client.request("GET", `/jobs/${jobId}/proposals`)).status, 404);

  const withdrawn = await other.client.form("/proposals", {
    intent: "withdraw",
    proposalId: otherId,
  });
  assert.equal(withdrawn.status, 303);
  const mineId = (await worker.client.json("GET", "/api/v1/proposals")).body.items[0].id;
  const forged = await assertNoRowsChange(
    server,
    () =>
      outsider.client.form(`/jobs/${jobId}/proposals`, { intent: "accept", proposalId: mineId }),
  );
  assert.equal(forged.status, 404);

  const hired = await client.client.form(`/jobs/${jobId}/proposals`, {
    intent: "accept",
    proposalId: mineId,
    paymentMode: "direct",
  });
  assert.equal(hired.status, 303);
  assert.match(location(hired), /^\/contracts\/[\w-]+\?hired=1$/);
  const contract = await readHtml(await client.client.request("GET", location(hired)));
  assert.match(contract.text, /You hired them/);
  assert.match(contract.text, /Paid directly/);
});

Deno.test("contract page - only the viewer's actions are forms, and they work without JavaScript", async () => {
  await using server = await startTestServer();
  const { client, worker, contractId, milestoneId } = await hire(server);
  const path = `/contracts/${contractId}`;

  let page = await readHtml(await client.client.request("GET", path));
  assert.deepEqual(actionForms(page.document, milestoneId), ["fund"]);
  assert.match(page.text, /Funds held, not a licensed escrow service/);
  assert.match(page.text, /Platform fee: 0/);
  assert.ok(page.document.querySelector('form input[name="intent"][value="add-milestone"]'));
  assert.ok(page.document.querySelector('form input[name="intent"][value="dispute"]'));
  assert.doesNotMatch(
    page.text,
    /(?<!licensed )escrow service/i,
    "never sold as an escrow service",
  );
  page = await readHtml(await worker.client.request("GET", path));
  assert.deepEqual(actionForms(page.document, milestoneId), [], "nothing for the worker yet");
  assert.equal(page.document.querySelector('input[value="add-milestone"]'), null);

  // The worker cannot post the client's action even by crafting the form.
  const forged = await assertNoRowsChange(
    server,
    () => worker.client.form(path, { intent: "milestone", action: "fund", milestoneId }),
  );
  assert.equal(forged.status, 403);
  assert.match((await readHtml(forged)).text, /Only the client can fund/);

  const fund = await client.client.form(path, { intent: "milestone", action: "fund", milestoneId });
  assert.equal(fund.status, 303);
  assert.equal(location(fund), `${path}?done=milestone`);

  page = await readHtml(await worker.client.request("GET", path));
  assert.deepEqual(actionForms(page.document, milestoneId), ["submit"]);
  const empty = await assertNoRowsChange(
    server,
    () =>
      worker.client.form(path, { intent: "milestone", action: "submit", milestoneId, note: "" }),
  );
  assert.equal(empty.status, 422);
  const emptyPage = await readHtml(empty);
  assert.ok(emptyPage.document.getElementById(`f-submit-${milestoneId}-error`));

  const sent = await worker.client.form(path, {
    intent: "milestone",
    action: "submit",
    milestoneId,
    note: "Assembled and levelled.",
  });
  assert.equal(sent.status, 303);
  page = await readHtml(await client.client.request("GET", path));
  assert.deepEqual(actionForms(page.document, milestoneId).sort(), ["approve", "request-revision"]);
  assert.match(page.text, /Assembled and levelled\./);
  assert.ok(page.document.querySelector('.steps-bar [aria-current="step"]'));

  const approved = await client.client.form(path, {
    intent: "milestone",
    action: "approve",
    milestoneId,
  });
  assert.equal(approved.status, 303);
  page = await readHtml(await worker.client.request("GET", path));
  assert.deepEqual(actionForms(page.document, milestoneId), []);
  assert.match(page.text, /released to the worker/);
  assert.equal((await getContract(worker.client, contractId)).status, "completed");
  const balances = await assertLedgerBalanced(server);
  assert.equal(balances[`worker:${worker.id}`], 10_000);

  const outsider = await party(server, "worker");
  assert.equal((await outsider.client.request("GET", path)).status, 404);
  const sneaky = await assertNoRowsChange(
    server,
    () => outsider.client.form(path, { intent: "dispute", reason: "x".repeat(40) }),
  );
  assert.equal(sneaky.status, 404);
});

Deno.test("contract page - add a milestone, open and answer a dispute, an admin resolves it", async () => {
  await using server = await startTestServer();
  const { client, worker, contractId } = await hire(server);
  const path = `/contracts/${contractId}`;

  const bad = await assertNoRowsChange(
    server,
    () =>
      client.client.form(path, {
        intent: "add-milestone",
        title: "",
        amount: "abc",
        paymentMode: "escrow",
      }),
  );
  assert.equal(bad.status, 422);
  const badPage = await readHtml(bad);
  assert.ok(badPage.document.getElementById("f-title-error"));
  assert.ok(badPage.document.getElementById("f-amount-error"));

  const added = await client.client.form(path, {
    intent: "add-milestone",
    title: "Hang the mirror",
    amount: "25",
    dueAt: "2099-05-01",
    paymentMode: "direct",
  });
  assert.equal(added.status, 303);
  const c = await getContract(client.client, contractId);
  assert.equal(c.milestones[1].title, "Hang the mirror");
  assert.deepEqual(c.milestones[1].amount, { amountMinor: 2_500, currency: "EUR" });
  assert.equal(c.milestones[1].dueAt, "2099-05-01T23:59:59.000Z");

  const opened = await worker.client.form(path, {
    intent: "dispute",
    reason: "The client wants twice the work for the same price.",
  });
  assert.equal(opened.status, 303);
  let page = await readHtml(await client.client.request("GET", path));
  assert.match(page.text, /This contract is disputed/);
  assert.ok(page.document.querySelector('input[name="intent"][value="answer"]'));
  assert.equal(page.document.querySelector("form[data-action]"), null, "milestones frozen");
  const disputeId = page.document.querySelector('input[name="disputeId"]')?.getAttribute("value");
  assert.ok(disputeId);

  const answered = await client.client.form(path, {
    intent: "answer",
    disputeId,
    response: "We agreed on two items, not one.",
  });
  assert.equal(answered.status, 303);

  const admin = await makeAdmin(server);
  page = await readHtml(await admin.client.request("GET", path));
  assert.ok(page.document.querySelector('input[name="intent"][value="resolve"]'));
  const resolved = await admin.client.form(path, {
    intent: "resolve",
    disputeId,
    outcome: "resume",
    note: "Agree on the scope in chat, then carry on.",
  });
  assert.equal(resolved.status, 303);
  page = await readHtml(await worker.client.request("GET", path));
  assert.match(page.text, /Decision:/);
  assert.equal((await getContract(worker.client, contractId)).status, "active");
  const types = (await notificationsOf(server, worker.id)).map((n) => n.type);
  assert.ok(types.includes("dispute.resolved"));
});

Deno.test("contracts list page - filters by status and names the other party", async () => {
  await using server = await startTestServer();
  const { client, worker } = await hire(server);
  const page = await readHtml(await worker.client.request("GET", "/contracts"));
  assert.equal(page.document.querySelectorAll(".contract-row").length, 1);
  assert.match(page.text, new RegExp(`Client: ${client.name}`));
  const done = await readHtml(await worker.client.request("GET", "/contracts?status=completed"));
  assert.equal(done.document.querySelectorAll(".contract-row").length, 0);
  assert.equal((await server.client().request("GET", "/contracts")).status, 303);
});

Deno.test("proposals page - shows each worker's visible rating, or that they have none yet", async () => {
  await using server = await startTestServer();
  const { client, worker, jobId } = await marketplace(server);
  const newcomer = await party(server, "worker");
  // The worker's earlier contract with another client, reviewed by both sides (so visible).
  const earlier = await party(server, "client");
  const past = await insertContract(server, { clientId: earlier.id, workerId: worker.id });
  await server.deps.db.write((tx) =>
    tx.insert(reviews).values([
      {
        id: crypto.randomUUID(),
        contractId: past.contractId,
        authorId: earlier.id,
        subjectId: worker.id,
        rating: 4,
        body: "Good work, a bit late.",
        createdAt: server.deps.clock.now(),
      },
      {
        id: crypto.randomUUID(),
        contractId: past.contractId,
        authorId: worker.id,
        subjectId: earlier.id,
        rating: 5,
        body: "Clear brief.",
        createdAt: server.deps.clock.now(),
      },
    ])
  );
  for (const w of [worker, newcomer]) {
    const res = await w.client.json("POST", `/api/v1/jobs/${jobId}/proposals`, quote());
    assert.equal(res.status, 201);
  }
  const { document } = await readHtml(
    await client.client.request("GET", `/jobs/${jobId}/proposals`),
  );
  const cards = [...document.querySelectorAll(".proposal-card")];
  const cardOf = (name: string) => cards.find((c) => c.textContent?.includes(name))!;
  assert.match(
    cardOf(worker.name).querySelector(".stars")?.getAttribute("aria-label") ?? "",
    /^4\.0 out of 5 from 1 review$/,
  );
  assert.match(cardOf(newcomer.name).textContent ?? "", /No reviews yet/);
});
