/**
 * End to end in Chromium: landing → sign up as a worker → confirm by mail → log out → log in →
 * the worker dashboard. Needs the island bundles (deno task build) and /usr/bin/chromium.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { hasChromium, launchBrowser } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";

const TIMEOUT = 15_000;

async function submit(page: Page, selector: string) {
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load", timeout: TIMEOUT }),
    page.click(selector),
  ]);
}

Deno.test({
  name: "browser - a worker signs up, confirms the email, logs out and back in",
  ignore: !hasChromium,
  async fn() {
    await using server = await startTestServer();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const email = `ada-${crypto.randomUUID().slice(0, 8)}@example.com`;
      const password = "short of an analytical engine";

      await page.goto(server.url + "/", { waitUntil: "load" });
      await submit(page, '.role-choice a[href="/signup?role=worker"]');
      assert.equal(new URL(page.url()).pathname, "/signup");
      assert.equal(
        await page.$eval('input[name="role"][value="worker"]', (el) => el.checked),
        true,
      );

      await page.waitForSelector('wm-island[data-island="PasswordStrength"][data-hydrated="true"]');
      await page.type("#f-displayName", "Ada Lovelace");
      await page.type("#f-email", email);
      await page.type("#f-password", "short");
      await page.waitForSelector('.strength[data-score="1"] [data-rule="length"].is-unmet');
      await page.type("#f-password", password.slice("short".length));
      await page.waitForSelector('.strength:not([data-score="0"]):not([data-score="1"])');
      await page.waitForSelector('[data-rule="length"].is-met');
      await submit(page, 'form[action="/signup"] button[type="submit"]');
      assert.equal(new URL(page.url()).pathname, "/verify-email/sent");
      assert.match(await page.$eval("main", (el) => el.textContent ?? ""), new RegExp(email));

      const link = await server.mailLink(email, "/verify-email");
      await page.goto(link, { waitUntil: "load" });
      assert.match(await page.$eval("h1", (el) => el.textContent ?? ""), /Email confirmed/);

      await submit(page, 'header form[action="/logout"] button');
      assert.equal(new URL(page.url()).pathname, "/");
      await page.waitForSelector('header a[href="/login"]');

      await submit(page, 'header a[href="/login"]');
      await page.type("#f-email", email);
      await page.type("#f-password", password);
      await submit(page, 'form[action="/login"] button[type="submit"]');
      assert.equal(new URL(page.url()).pathname, "/dashboard/worker");
      assert.match(await page.$eval("h1", (el) => el.textContent ?? ""), /Ada Lovelace/);
      assert.equal(await page.$(".banner-warning"), null, "a confirmed email needs no banner");
    } finally {
      await browser.close();
    }
  },
});
