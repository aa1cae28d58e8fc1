/**
 * The live search island in Chromium: typing filters the results in place (through
 * GET /api/v1/jobs) and keeps the address bar in step. Needs the island bundles (deno task
 * build) and /usr/bin/chromium; skipped without Chromium unless REQUIRE_BROWSER is set.
 */
import assert from "node:assert/strict";
import { hasChromium, launchBrowser } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { postJob, verifiedClient } from "./helpers.ts";

Deno.test({
  name: "browser - job search filters live as you type and keeps the URL in sync",
  ignore: !hasChromium,
  async fn() {
    await using server = await startTestServer();
    const { client } = await verifiedClient(server);
    await postJob(client, { publish: true, title: "Tile a bathroom floor", skills: ["tiling"] });
    await postJob(client, {
      publish: true,
      title: "Design a bakery logo",
      description: "A warm, friendly logo and a colour palette for a neighbourhood bakery.",
      category: "design",
      remote: true,
      location: null,
      skills: ["logo design"],
    });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${server.url}/jobs`, { waitUntil: "load" });
      const titles = () =>
        page.$$eval(".job-card-title a", (as) => as.map((a) => a.textContent?.trim()));
      assert.equal((await titles()).length, 2);
      await page.waitForSelector('wm-island[data-island="JobSearch"][data-hydrated="true"]');

      await page.type("#f-q", "bakery");
      await page.waitForFunction(
        () =>
          document.querySelectorAll(".job-card").length === 1 &&
          document.querySelector(".search-results")?.getAttribute("data-state") === "idle",
      );
      assert.deepEqual(await titles(), ["Design a bakery logo"]);
      assert.equal(new URL(page.url()).search, "?q=bakery", "no navigation, URL replaced");

      await page.select("#f-category", "home-repair");
      await page.waitForSelector(".empty-state");
      assert.match(page.url(), /q=bakery&category=home-repair/);

      const input = await page.$("#f-q");
      await input!.click({ clickCount: 3 });
      await page.keyboard.press("Backspace");
      await page.waitForFunction(() => document.querySelectorAll(".job-card").length === 1);
      assert.deepEqual(await titles(), ["Tile a bathroom floor"]);
      assert.equal(new URL(page.url()).search, "?category=home-repair");

      // The URL reloads to the same results without JavaScript's help.
      await page.reload({ waitUntil: "load" });
      assert.deepEqual(await titles(), ["Tile a bathroom floor"]);
    } finally {
      await browser.close();
    }
  },
});
