/**
 * "Use my location" in Chromium: hidden without JavaScript, shown once hydrated, and fills the
 * coordinate fields from the browser's position (granted and faked here), which the live
 * search then uses.
 */
import assert from "node:assert/strict";
import { hasChromium, launchBrowser } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";

Deno.test({
  name: "browser - use my location fills the coordinates on the job search",
  ignore: !hasChromium,
  async fn() {
    await using server = await startTestServer();
    const browser = await launchBrowser();
    try {
      const context = browser.defaultBrowserContext();
      await context.overridePermissions(server.url, ["geolocation"]);
      const page = await browser.newPage();
      page.setDefaultTimeout(15_000);
      await page.setGeolocation({ latitude: 53.8008, longitude: -1.5491 });
      await page.goto(`${server.url}/jobs`, { waitUntil: "load" });
      await page.waitForSelector('wm-island[data-island="JobSearch"][data-hydrated="true"]');
      await page.$eval("details", (d) => (d as HTMLDetailsElement).open = true);
      await page.waitForSelector(".use-location:not([hidden]) button");
      await page.click(".use-location button");
      await page.waitForFunction(() =>
        (document.getElementById("f-lat") as HTMLInputElement).value === "53.8008"
      );
      assert.equal(await page.$eval("#f-lng", (i) => (i as HTMLInputElement).value), "-1.5491");
      await page.waitForFunction(() =>
        new URL(location.href).searchParams.get("lat") === "53.8008"
      );
    } finally {
      await browser.close();
    }
  },
});
