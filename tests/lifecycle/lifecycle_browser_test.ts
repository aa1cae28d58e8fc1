/**
 * The whole marketplace lifecycle in Chromium, through the web pages alone, with two browser
 * contexts (a client and a worker, each with their own cookies): sign up and confirm → post and
 * publish → find the task by search → quote → review proposals and hire (funds held) → fund →
 * deliver → ask for a revision → deliver again → approve (released) → both review → both public
 * profiles and both dashboards show it. Screenshots of the key steps go to /tmp/shots-lifecycle/.
 * Needs the island bundles (deno task build) and /usr/bin/chromium.
 */
import assert from "node:assert/strict";
import puppeteer, { type Page } from "puppeteer-core";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();
if (!hasChromium && Deno.env.get("REQUIRE_BROWSER")) {
  throw new Error(`REQUIRE_BROWSER is set but ${CHROMIUM} is missing`);
}

const TIMEOUT = 15_000;
const SHOTS = "/tmp/shots-lifecycle";
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Clicks something that navigates and waits for the next page to load. */
async function go(page: Page, selector: string) {
  await page.waitForSelector(selector);
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load", timeout: TIMEOUT }),
    page.click(selector),
  ]);
}

async function shot(page: Page, name: string, viewport = DESKTOP) {
  await page.setViewport(viewport);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  if (viewport !== DESKTOP) await page.setViewport(DESKTOP);
}

const path = (page: Page) => new URL(page.url()).pathname;
const textOf = (page: Page, selector: string) =>
  page.$eval(selector, (el) => (el.textContent ?? "").replace(/\s+/g, " ").trim());

async function fill(page: Page, selector: string, value: string) {
  await page.waitForSelector(selector);
  await page.$eval(selector, (el) => ((el as HTMLInputElement).value = ""));
  await page.type(selector, value);
}

/** Signs up on /signup with the role chosen on the landing page, and confirms by mail. */
async function signUp(
  server: TestServer,
  page: Page,
  role: "client" | "worker",
  name: string,
  email: string,
) {
  await page.goto(server.url + "/", { waitUntil: "load" });
  await go(page, `.role-choice a[href="/signup?role=${role}"]`);
  await fill(page, "#f-displayName", name);
  await fill(page, "#f-email", email);
  await fill(page, "#f-password", "a long and careful password");
  await go(page, 'form[action="/signup"] button[type="submit"]');
  assert.equal(path(page), "/verify-email/sent");
  await page.goto(await server.mailLink(email, "/verify-email"), { waitUntil: "load" });
  assert.match(await textOf(page, "h1"), /Email confirmed/);
}

/** Follows the first "Needs your action" item of `kind` on the viewer's dashboard. */
async function act(page: Page, server: TestServer, kind: string) {
  await page.goto(server.url + "/dashboard", { waitUntil: "load" });
  await go(page, `.dash-action[data-kind="${kind}"] .dash-action-title`);
}

/** Presses a milestone action button on the contract page and waits for the result. */
async function milestoneButton(page: Page, action: string) {
  await go(page, `form[data-action="${action}"] button[type="submit"]`);
  assert.match(await textOf(page, ".notice"), /Done/);
}

Deno.test({
  name: "lifecycle (browser) - post, quote, hire, fund, deliver, revise, approve, review",
  ignore: !hasChromium,
  async fn() {
    await using server = await startTestServer();
    await Deno.mkdir(SHOTS, { recursive: true });
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      const client = await browser.newPage();
      const workerContext = await browser.createBrowserContext();
      const worker = await workerContext.newPage();
      for (const p of [client, worker]) {
        p.setDefaultTimeout(TIMEOUT);
        await p.setViewport(DESKTOP);
      }
      const tag = crypto.randomUUID().slice(0, 8);
      const title = `Tile the bathroom splashback ${tag}`;

      // The client signs up, confirms, and posts and publishes a task from the dashboard.
      await signUp(server, client, "client", "Clara Client", `clara-${tag}@example.com`);
      await client.goto(server.url + "/dashboard", { waitUntil: "load" });
      assert.equal(path(client), "/dashboard/client");
      await go(client, '.dash-top a[href="/jobs/new"]');
      await fill(client, "#f-title", title);
      await fill(
        client,
        "#f-description",
        "About two square metres of white metro tiles behind the sink; tiles and grout are here.",
      );
      await client.select("#f-category", "home-repair");
      await fill(client, "#f-skills", "tiling, grouting");
      await fill(client, "#f-min", "150");
      await fill(client, "#f-max", "200");
      await client.select("#f-currency", "EUR");
      await go(client, 'form.job-form button[name="intent"][value="publish"]');
      assert.match(path(client), /^\/jobs\/[^/]+$/);
      const jobId = path(client).split("/")[2];
      await shot(client, "01-job-published");

      // The worker signs up, confirms, finds the task by searching, and sends a quote.
      await signUp(server, worker, "worker", "Wes Worker", `wes-${tag}@example.com`);
      await worker.goto(server.url + "/jobs", { waitUntil: "load" });
      await worker.waitForSelector('wm-island[data-island="JobSearch"][data-hydrated="true"]');
      await worker.type("#f-q", `splashback ${tag}`);
      await worker.waitForSelector(`.job-card[data-job-id="${jobId}"]`);
      await shot(worker, "02-search");
      await go(worker, `.job-card[data-job-id="${jobId}"] .job-card-title a`);
      await go(worker, `a[href="/jobs/${jobId}/apply"]`);
      await fill(worker, "#f-amount", "180");
      await fill(worker, "#f-durationDays", "2");
      await fill(
        worker,
        "#f-coverLetter",
        "I have tiled a dozen kitchens and bathrooms this year; photos on my profile.",
      );
      await go(worker, 'input[name="intent"][value="quote"] ~ .form-actions button');
      assert.equal(path(worker), "/proposals");

      // The client sees it waiting on the dashboard, reviews the proposals and hires (funds held).
      await client.goto(server.url + "/dashboard", { waitUntil: "load" });
      assert.match(await textOf(client, "#s-needs-action"), /1 new proposal to review/);
      await shot(client, "03-client-dashboard-proposal");
      await act(client, server, "proposals");
      assert.equal(path(client), `/jobs/${jobId}/proposals`);
      await shot(client, "04-proposals");
      assert.equal(
        await client.$eval('input[name="paymentMode"][value="escrow"]', (el) => el.checked),
        true,
      );
      await go(client, "form.accept-form button[type=submit]");
      assert.match(path(client), /^\/contracts\/[^/]+$/);
      const contractId = path(client).split("/")[2];

      // The client funds the milestone from the dashboard's action.
      await act(client, server, "fund");
      assert.equal(path(client), `/contracts/${contractId}`);
      await milestoneButton(client, "fund");
      await shot(client, "05-funded");

      // The worker delivers; the client asks for a revision; the worker delivers again.
      await worker.goto(server.url + "/dashboard", { waitUntil: "load" });
      await shot(worker, "06-worker-dashboard-funded-1280");
      await shot(worker, "06-worker-dashboard-funded-390", PHONE);
      await act(worker, server, "start");
      await fill(worker, 'form[data-action="submit"] textarea[name="note"]', "Tiled and grouted.");
      await milestoneButton(worker, "submit");
      await client.goto(server.url + "/dashboard", { waitUntil: "load" });
      assert.ok(await client.$(`.dash-contract[data-contract-id="${contractId}"] .steps-bar`));
      await shot(client, "07-client-dashboard-delivered-1280");
      await shot(client, "07-client-dashboard-delivered-390", PHONE);
      await act(client, server, "review-delivery");
      await client.click("details.action-details > summary");
      await fill(
        client,
        'form[data-action="request-revision"] textarea[name="note"]',
        "Please seal the edge along the worktop.",
      );
      await milestoneButton(client, "request-revision");
      await act(worker, server, "revise");
      await shot(worker, "08-revision-requested");
      await fill(
        worker,
        'form[data-action="submit"] textarea[name="note"]',
        "Edge sealed with white silicone.",
      );
      await milestoneButton(worker, "submit");

      // The client approves: the funds held are released, the contract completes.
      await act(client, server, "review-delivery");
      await milestoneButton(client, "approve");
      assert.match(await textOf(client, ".contract-header .pill"), /Completed/);
      await shot(client, "09-released");

      // Both review each other from the dashboard's "Leave a review".
      for (
        const [page, stars, body] of [
          [client, "5", "Neat work, on time, and left the bathroom spotless."],
          [worker, "4", "Clear brief, tiles ready, paid as soon as it was done."],
        ] as const
      ) {
        await act(page, server, "review");
        assert.equal(path(page), `/reviews/${contractId}`);
        await page.$eval(`input[name="rating"][value="${stars}"]`, (el) => el.click());
        await fill(page, "#f-body", body);
        await go(page, `form[action="/reviews/${contractId}"] button[type="submit"]`);
        assert.match(await textOf(page, ".notice"), /Your review is saved/);
      }
      await shot(worker, "10-reviews");

      // Both public profiles show the rating; the worker's shows the work history.
      await client.goto(`${server.url}/contracts/${contractId}`, { waitUntil: "load" });
      await go(client, '.contract-meta a[href^="/users/"]');
      assert.match(await textOf(client, ".profile-head"), /5\.0/);
      assert.match(await textOf(client, "section[aria-labelledby=h-history]"), new RegExp(title));
      assert.match(await textOf(client, "#reviews"), /Neat work/);
      await shot(client, "11-worker-profile");
      await worker.goto(`${server.url}/contracts/${contractId}`, { waitUntil: "load" });
      await go(worker, '.contract-meta a[href^="/users/"]');
      assert.match(await textOf(worker, ".profile-head"), /4\.0/);
      assert.match(await textOf(worker, "#reviews"), new RegExp(title));
      await shot(worker, "12-client-profile");

      // Both dashboards reflect the completed contract and the money.
      await client.goto(server.url + "/dashboard", { waitUntil: "load" });
      assert.match(await textOf(client, "#s-needs-action"), /Nothing is waiting for you/);
      assert.match(await textOf(client, `.dash-job[data-job-id="${jobId}"]`), /Completed/);
      const payments = await textOf(client, "#s-payments");
      assert.match(payments, /Released\s*€180\.00/);
      assert.match(payments, /Platform fee: 0/);
      assert.match(await textOf(client, "#s-reputation"), /4\.0/);
      await shot(client, "13-client-dashboard-1280");
      await shot(client, "14-client-dashboard-390", PHONE);

      await worker.goto(server.url + "/dashboard", { waitUntil: "load" });
      assert.equal(path(worker), "/dashboard/worker");
      assert.match(await textOf(worker, "#s-needs-action"), /Nothing is waiting for you/);
      assert.match(await textOf(worker, "#s-earnings .dash-total"), /€180\.00/);
      assert.match(await textOf(worker, ".dash-months"), /€180\.00/);
      const rep = await textOf(worker, "#s-reputation");
      assert.match(rep, /5\.0/);
      assert.match(rep, /Job success\s*100%/);
      assert.match(
        await textOf(worker, '.dash-group[data-group="accepted"]'),
        new RegExp(title),
      );
      await shot(worker, "15-worker-dashboard-1280");
      await shot(worker, "16-worker-dashboard-390", PHONE);
    } finally {
      await browser.close();
    }
  },
});
