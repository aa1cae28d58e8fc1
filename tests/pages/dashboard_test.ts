/**
 * Both dashboards over situations built through the real API: register and confirm by mail,
 * post and publish, propose, accept, fund, submit, approve, review. Each dashboard shows what
 * waits for its owner, links to where they act, and nothing of anybody else's.
 */
import assert from "node:assert/strict";
import {
  registerUser,
  startTestServer,
  type TestClient,
  type TestServer,
} from "../helpers/server.ts";
import { location, readHtml } from "./html.ts";

Deno.test("dashboard - /dashboard sends each role to its own page", async () => {
  await using server = await startTestServer();
  const worker = await registerUser(server, { role: "worker" });
  const client = await registerUser(server, { role: "client" });
  assert.equal(location(await worker.client.request("GET", "/dashboard")), "/dashboard/worker");
  assert.equal(location(await client.client.request("GET", "/dashboard")), "/dashboard/client");
  assert.equal(
    location(await client.client.request("GET", "/dashboard/worker")),
    "/dashboard/client",
  );
  assert.equal(
    location(await worker.client.request("GET", "/dashboard/client")),
    "/dashboard/worker",
  );
  assert.equal(
    location(await server.client().request("GET", "/dashboard")),
    "/login?next=%2Fdashboard",
  );
  assert.equal(
    location(await server.client().request("GET", "/dashboard/client")),
    "/login?next=%2Fdashboard%2Fclient",
  );
});

Deno.test("dashboard - a new worker is greeted, asked to confirm the email, given profile steps", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server, { role: "worker", displayName: "Omar Worker" });
  const res = await client.request("GET", "/dashboard/worker");
  assert.equal(res.status, 200);
  const { document } = await readHtml(res);
  assert.match(document.querySelector("h1")?.textContent ?? "", /Omar Worker/);
  assert.ok(document.querySelector('.banner form[action="/verify-email/sent"]'));
  assert.ok(document.querySelectorAll(".checklist li").length >= 5);
  const body = document.body.textContent ?? "";
  assert.match(body, /Zero commission/);
  assert.match(body, /Nothing is waiting for you/);
  assert.match(body, /Nothing earned yet/);
  assert.equal(text(document, "#s-reputation .metric-value"), "New");
  assert.ok(document.querySelector('#s-reputation a[href="/about/reputation"]'));
});

Deno.test("dashboard - a new client is offered the first task", async () => {
  await using server = await startTestServer();
  const { client } = await registerUser(server, { role: "client", displayName: "Cleo Client" });
  const { document } = await readHtml(await client.request("GET", "/dashboard/client"));
  assert.match(document.querySelector("h1")?.textContent ?? "", /Cleo Client/);
  assert.match(document.body.textContent ?? "", /Post your first task/);
  assert.ok(document.querySelector('a[href="/jobs/new"]'));
  assert.match(document.body.textContent ?? "", /Nothing is waiting for you/);
});

Deno.test("dashboard - a display name with markup is shown as text", async () => {
  await using server = await startTestServer();
  const name = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
  const { client } = await registerUser(server, { displayName: name });
  const res = await client.request("GET", "/dashboard/worker");
  const { text, document } = await readHtml(res);
  assert.ok(!text.includes("<script>alert"), "no script element from the name");
  assert.ok(!text.includes("<img src=x"), "no img element from the name");
  assert.ok(text.includes("&lt;script"));
  assertOnlyLayoutScripts(document);
  assert.match(document.querySelector("h1")?.textContent ?? "", /<script>alert/);
});

// --- A whole contract, step by step -----------------------------------------------------------

interface Person {
  client: TestClient;
  id: string;
  email: string;
}

/** Registers through the API and confirms the email from the mailed link. */
async function signUp(
  server: TestServer,
  role: "client" | "worker",
  displayName: string,
): Promise<Person> {
  const { client, user, creds } = await registerUser(server, { role, displayName });
  const link = new URL(await server.mailLink(creds.email, "/verify-email"));
  const token = link.searchParams.get("token") ?? "";
  const res = await client.json("GET", `/api/v1/auth/verify-email?token=${token}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { client, id: user.id, email: creds.email };
}

async function setSkills(p: Person, skills: string[]) {
  const res = await p.client.json("PATCH", "/api/v1/users/me", { skills });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

async function publishJob(p: Person, title: string, skills: string[], publish = true) {
  const res = await p.client.json("POST", "/api/v1/jobs", {
    title,
    description: "Replace the washer on a dripping kitchen tap and check the other taps too.",
    category: "home-repair",
    skills,
    budget: { type: "fixed", minMinor: 6_000, maxMinor: 9_000, currency: "EUR" },
    remote: true,
    publish,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

async function propose(p: Person, jobId: string, amountMinor = 8_000) {
  const res = await p.client.json("POST", `/api/v1/jobs/${jobId}/proposals`, {
    kind: "quote",
    amount: { amountMinor, currency: "EUR" },
    durationDays: 2,
    coverLetter: "I fix taps every week and bring washers of every size with me.",
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

async function post(p: Person, path: string, body: unknown = {}) {
  const res = await p.client.json("POST", path, body);
  assert.ok(res.status < 300, `${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function dashboard(p: Person, role: "client" | "worker") {
  const res = await p.client.request("GET", `/dashboard/${role}`);
  assert.equal(res.status, 200);
  return await readHtml(res);
}

function text(document: Document, selector: string): string {
  return document.querySelector(selector)?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

function actions(document: Document) {
  return [...document.querySelectorAll(".dash-action")].map((li) => ({
    kind: li.getAttribute("data-kind"),
    href: li.querySelector(".dash-action-title")?.getAttribute("href") ?? "",
    title: li.querySelector(".dash-action-title")?.textContent ?? "",
  }));
}

function assertOnlyLayoutScripts(document: Document) {
  // The only scripts are the islands' (the header's notification badge): their JSON props and
  // the boot module, both from the layout.
  for (const script of document.querySelectorAll("script")) {
    const isProps = script.id === "__wm_islands" &&
      script.getAttribute("type") === "application/json";
    const isBoot = script.getAttribute("type") === "module" &&
      (script.getAttribute("src") ?? "").startsWith("/static/_build/");
    assert.ok(isProps || isBoot, `unexpected script: ${script.outerHTML.slice(0, 80)}`);
  }
}

const TITLE = `Fix the <b>tap</b> & <script>alert(1)</script> washer`;

Deno.test("dashboard - both sides follow one escrow contract from proposal to reviews", async () => {
  await using server = await startTestServer();
  const cleo = await signUp(server, "client", "Cleo Client");
  const walt = await signUp(server, "worker", "Walt Worker");
  // Others, whose things must never appear on Cleo's or Walt's dashboards.
  const otto = await signUp(server, "client", "Otto Other");
  const wanda = await signUp(server, "worker", "Wanda Else");
  await setSkills(walt, ["plumbing"]);
  await setSkills(wanda, ["gardening"]);

  const jobId = await publishJob(cleo, TITLE, ["plumbing"]);
  const feedJob = await publishJob(cleo, "Bleed the radiators", ["plumbing"]);
  await publishJob(cleo, "Draft: paint the fence", ["painting"], false);
  const ottoJob = await publishJob(otto, "Ottos secret hedge", ["gardening"]);
  await propose(wanda, ottoJob);

  // Walt's feed: both of Cleo's plumbing tasks, not Otto's gardening one.
  let w = await dashboard(walt, "worker");
  const feedIds = [...w.document.querySelectorAll("#s-job-feed .job-card")]
    .map((a) => a.getAttribute("data-job-id"));
  assert.deepEqual(feedIds.sort(), [jobId, feedJob].sort());
  assert.equal(
    w.document.querySelector("#s-job-feed .dash-card-link")?.getAttribute("href"),
    "/jobs?skills=plumbing&sort=recent",
  );

  const proposalId = await propose(walt, jobId);
  await propose(wanda, jobId, 8_500);

  // Cleo: two new proposals to review on the task; the draft is listed but not open.
  let c = await dashboard(cleo, "client");
  assert.deepEqual(actions(c.document), [{
    kind: "proposals",
    href: `/jobs/${jobId}/proposals`,
    title: "2 new proposals to review",
  }]);
  const jobRow = c.document.querySelector(`.dash-job[data-job-id="${jobId}"]`);
  assert.ok(jobRow, "the task is listed");
  assert.match(jobRow.textContent ?? "", /2 proposals/);
  assert.match(jobRow.textContent ?? "", /2 new/);
  assert.equal(jobRow.querySelector(".pill")?.getAttribute("data-status"), "open");
  assert.equal(c.document.querySelectorAll(".dash-job").length, 3);
  assert.ok(c.document.querySelector('.dash-job .pill[data-status="draft"]'));
  assert.ok(!c.text.includes("Ottos secret hedge"), "no other client's task");
  // The markup in the title is text.
  assert.ok(!c.text.includes("<script>alert(1)"));
  assert.match(c.text, /&lt;script(&gt;|>)alert\(1\)&lt;\/script/);
  assertOnlyLayoutScripts(c.document);

  // Walt: the proposal waits for the client; the task left his feed.
  w = await dashboard(walt, "worker");
  assert.ok(
    w.document.querySelector(
      `.dash-group[data-group="submitted"] [data-proposal-id="${proposalId}"]`,
    ),
  );
  assert.equal(w.document.querySelectorAll(".dash-proposal").length, 1, "only his own proposal");
  assert.ok(!w.document.querySelector(`#s-job-feed [data-job-id="${jobId}"]`));
  assert.ok(!w.text.includes("Ottos secret hedge"));

  // Hired with funds held: Cleo must fund; Walt waits.
  const accepted = await post(cleo, `/api/v1/proposals/${proposalId}/accept`, {
    paymentMode: "escrow",
  });
  const contractId: string = accepted.contractId;
  const contract = (await cleo.client.json("GET", `/api/v1/contracts/${contractId}`)).body;
  const milestoneId: string = contract.milestones[0].id;
  c = await dashboard(cleo, "client");
  assert.deepEqual(actions(c.document).map((a) => [a.kind, a.href]), [
    ["fund", `/contracts/${contractId}#milestone-${milestoneId}`],
  ]);
  const card = c.document.querySelector(`.dash-contract[data-contract-id="${contractId}"]`);
  assert.ok(card, "the contract is listed as active");
  assert.match(card.textContent ?? "", /Walt Worker/);
  assert.ok(card.querySelector(".steps-bar"), "with a step indicator");
  assert.equal(
    card.querySelector('.steps-bar [aria-current="step"]')?.textContent?.trim(),
    "1Funded (next)",
  );
  assert.match(text(c.document, "#s-payments"), /Still to fund\s*€80\.00/);
  w = await dashboard(walt, "worker");
  assert.deepEqual(actions(w.document), [], "nothing to do before the funds are held");
  assert.ok(
    w.document.querySelector(
      `.dash-group[data-group="accepted"] a[href="/contracts/${contractId}"]`,
    ),
  );

  // Funded: Walt can start; Cleo's money shows as held.
  await post(cleo, `/api/v1/milestones/${milestoneId}/fund`);
  w = await dashboard(walt, "worker");
  assert.deepEqual(actions(w.document).map((a) => a.kind), ["start"]);
  assert.match(text(w.document, "#s-earnings"), /Held for you now.*€80\.00/);
  c = await dashboard(cleo, "client");
  assert.deepEqual(actions(c.document), []);
  assert.match(text(c.document, "#s-payments"), /Funds held.*€80\.00/);

  // Delivered: Cleo reviews the work; a revision sends it back to Walt.
  await post(walt, `/api/v1/milestones/${milestoneId}/submit`, { note: "New washer fitted." });
  c = await dashboard(cleo, "client");
  assert.deepEqual(actions(c.document).map((a) => a.kind), ["review-delivery"]);
  await post(cleo, `/api/v1/milestones/${milestoneId}/request-revision`, {
    note: "The hot tap still drips.",
  });
  w = await dashboard(walt, "worker");
  assert.deepEqual(actions(w.document).map((a) => [a.kind, a.title]), [
    ["revise", "Cleo Client asked for a revision"],
  ]);
  await post(walt, `/api/v1/milestones/${milestoneId}/submit`, { note: "Both taps done." });
  await post(cleo, `/api/v1/milestones/${milestoneId}/approve`);

  // Completed: both are asked for a review; money is released, fee 0.
  c = await dashboard(cleo, "client");
  assert.deepEqual(actions(c.document).map((a) => [a.kind, a.href]), [
    ["review", `/reviews/${contractId}`],
  ]);
  assert.equal(c.document.querySelector(`.dash-contract[data-contract-id="${contractId}"]`), null);
  assert.match(
    text(c.document, `.dash-completed [data-contract-id="${contractId}"]`),
    /with Walt Worker.*€80\.00/,
  );
  const payments = text(c.document, "#s-payments");
  assert.match(payments, /Released\s*€80\.00/);
  assert.match(payments, /Funds held.*€0\.00/);
  assert.match(payments, /Platform fee: 0/);
  assert.ok(
    c.document.querySelector(`.dash-job[data-job-id="${jobId}"] .pill[data-status="completed"]`),
  );
  w = await dashboard(walt, "worker");
  assert.deepEqual(actions(w.document).map((a) => [a.kind, a.href]), [
    ["review", `/reviews/${contractId}`],
  ]);
  assert.match(text(w.document, "#s-earnings .dash-total"), /€80\.00/);
  assert.ok(w.document.querySelector(`.dash-completed [data-contract-id="${contractId}"]`));
  const month = new Date(server.deps.clock.now()).toISOString().slice(0, 7);
  assert.match(text(w.document, `.dash-months li[data-month="${month}"]`), /€80\.00/);
  assert.match(text(w.document, "#s-earnings"), /Platform fee: 0/);

  // Reviews: the action disappears and, both being in, the ratings show.
  await post(cleo, `/api/v1/contracts/${contractId}/reviews`, {
    rating: 5,
    body: "Quick, tidy and friendly.",
  });
  await post(walt, `/api/v1/contracts/${contractId}/reviews`, {
    rating: 4,
    body: "Clear brief and paid at once.",
  });
  c = await dashboard(cleo, "client");
  assert.deepEqual(actions(c.document), []);
  assert.match(text(c.document, "#s-reputation"), /4\.0/);
  assert.match(text(c.document, "#s-reputation"), /Total paid\s*€80\.00/);
  w = await dashboard(walt, "worker");
  assert.deepEqual(actions(w.document), []);
  const rep = text(w.document, "#s-reputation");
  assert.match(rep, /5\.0/);
  assert.match(rep, /Job success\s*100%/);
  assert.match(rep, /Score\s*New/, "one contract is not enough for a score");
  assert.ok(w.document.querySelector(`#s-reputation a[href="/users/${walt.id}"]`));

  // The others' dashboards show none of it.
  const o = await dashboard(otto, "client");
  assert.ok(!o.text.includes("tap</b>") && !o.text.includes("&lt;b&gt;tap"));
  assert.ok(!o.text.includes("Bleed the radiators"));
  assert.ok(!o.text.includes("€80.00"));
  assert.deepEqual(actions(o.document).map((a) => a.kind), ["proposals"]);
  const wa = await dashboard(wanda, "worker");
  assert.equal(wa.document.querySelectorAll(".dash-contract").length, 0);
  assert.match(text(wa.document, "#s-earnings"), /Nothing earned yet/);
  assert.ok(wa.document.querySelector('.dash-group[data-group="rejected,declined,withdrawn"]'));
});

Deno.test("dashboard - direct payment, and a dispute to answer", async () => {
  await using server = await startTestServer();
  const cleo = await signUp(server, "client", "Cleo Client");
  const walt = await signUp(server, "worker", "Walt Worker");
  const jobId = await publishJob(cleo, "Hang three shelves", ["diy"]);
  const proposalId = await propose(walt, jobId, 5_000);
  const { contractId } = await post(cleo, `/api/v1/proposals/${proposalId}/accept`, {
    paymentMode: "direct",
  });
  const contract = (await cleo.client.json("GET", `/api/v1/contracts/${contractId}`)).body;
  const m1: string = contract.milestones[0].id;

  // Direct: the worker can start at once.
  let w = await dashboard(walt, "worker");
  assert.deepEqual(actions(w.document).map((a) => a.kind), ["start"]);
  await post(walt, `/api/v1/milestones/${m1}/submit`, { note: "Shelves up." });
  await post(cleo, `/api/v1/milestones/${m1}/approve`);
  let c = await dashboard(cleo, "client");
  assert.deepEqual(actions(c.document).map((a) => a.kind), ["pay"]);
  assert.match(text(c.document, "#s-payments"), /To pay directly\s*€50\.00/);
  await post(cleo, `/api/v1/milestones/${m1}/mark-paid`);
  w = await dashboard(walt, "worker");
  assert.deepEqual(actions(w.document).map((a) => a.kind), ["confirm"]);
  c = await dashboard(cleo, "client");
  assert.match(text(c.document, "#s-payments"), /Marked paid.*€50\.00/);

  // A second milestone, then a dispute opened by the worker: the client must answer.
  await post(cleo, `/api/v1/contracts/${contractId}/milestones`, {
    title: "Fix the wobbly one",
    amount: { amountMinor: 2_000, currency: "EUR" },
    paymentMode: "escrow",
  });
  await post(walt, `/api/v1/contracts/${contractId}/dispute`, {
    reason: "The client says they paid but nothing arrived in my account.",
  });
  c = await dashboard(cleo, "client");
  assert.deepEqual(actions(c.document).map((a) => [a.kind, a.href]), [
    ["dispute", `/contracts/${contractId}#dispute-title`],
  ]);
  const card = c.document.querySelector(`.dash-contract[data-contract-id="${contractId}"]`);
  assert.ok(card?.querySelector('.pill[data-status="disputed"]'));
  assert.equal(card?.querySelectorAll(".dash-milestones li").length, 2);
  // The one who opened it has nothing to answer, and frozen milestones ask nothing of anyone.
  w = await dashboard(walt, "worker");
  assert.deepEqual(actions(w.document), []);
});
