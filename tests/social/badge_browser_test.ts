/**
 * The notification badge in Chromium: it hydrates with the server-rendered count, refreshes
 * from the API when the tab becomes visible (the same call its 30-second poll makes), and
 * takes a count pushed through its window event (what the WebSocket client will use); and the
 * signed-in header fits at every desktop width.
 * Needs the island bundles (deno task build) and /usr/bin/chromium.
 */
import assert from "node:assert/strict";
import { hasChromium, launchBrowser } from "../helpers/browser.ts";
import { notify } from "@/server/notify/notifications.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";

const TIMEOUT = 15_000;
const BADGE = 'wm-island[data-island="NotificationBadge"]';

function addNotification(server: TestServer, userId: string, title: string) {
  return server.deps.db.write((tx) =>
    notify(tx, { userId, type: "test.event", title, link: "/dashboard" }, server.deps.clock.now())
  );
}

Deno.test({
  name: "browser - the notification badge hydrates, refreshes and takes pushed counts",
  ignore: !hasChromium,
  async fn() {
    await using server = await startTestServer();
    const { user, creds } = await registerUser(server, { role: "client" });
    await addNotification(server, user.id, "First");
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(TIMEOUT);
      await page.setViewport({ width: 390, height: 800 });
      await page.goto(`${server.url}/login`, { waitUntil: "load" });
      await page.type("#f-email", creds.email);
      await page.type("#f-password", creds.password);
      await Promise.all([
        page.waitForNavigation({ waitUntil: "load" }),
        page.click('form[action="/login"] button[type="submit"]'),
      ]);
      await page.waitForSelector(`${BADGE}[data-hydrated="true"] .notif-badge[data-count="1"]`);
      assert.equal(await page.$eval(`${BADGE} .notif-count`, (el) => el.textContent), "1");

      await addNotification(server, user.id, "Second");
      await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
      await page.waitForSelector(`${BADGE} .notif-badge[data-count="2"]`);

      await page.evaluate(() =>
        dispatchEvent(new CustomEvent("wm:unread-count", { detail: { unreadCount: 120 } }))
      );
      await page.waitForSelector(`${BADGE} .notif-badge[data-count="120"]`);
      assert.equal(await page.$eval(`${BADGE} .notif-count`, (el) => el.textContent), "99+");
      await page.evaluate(() =>
        dispatchEvent(new CustomEvent("wm:unread-count", { detail: { unreadCount: "bad" } }))
      );

      // Without JavaScript the badge is a link; at 390px the Menu holds the marketplace links.
      await Promise.all([
        page.waitForNavigation({ waitUntil: "load" }),
        page.click(`${BADGE} .notif-badge`),
      ]);
      assert.equal(new URL(page.url()).pathname, "/notifications");
      await Promise.all([
        page.waitForNavigation({ waitUntil: "load" }),
        page.click('form[action="/notifications"] button[type="submit"]'),
      ]);
      await page.waitForSelector(`${BADGE}[data-hydrated="true"] .notif-badge[data-count="0"]`);
      assert.equal(await page.$(`${BADGE} .notif-count`), null);
      assert.equal(await page.$eval(".nav-links", (el) => getComputedStyle(el).display), "none");
      await page.click(".nav-menu > summary");
      await page.waitForSelector('.nav-menu-panel a[href="/jobs/new"]', { visible: true });

      // At every desktop width the signed-in header fits: links in the bar or in the Menu,
      // never the last controls (Log out) pushed past the edge.
      for (const width of [1024, 1200, 1240, 1241, 1280, 1366, 1920]) {
        await page.setViewport({ width, height: 800 });
        const fit = await page.evaluate(() => {
          const inner = document.querySelector(".header-inner")!;
          const shown = [...inner.querySelectorAll("a, button, summary")]
            .filter((el) => (el as HTMLElement).offsetParent !== null);
          return {
            right: Math.max(...shown.map((el) => el.getBoundingClientRect().right)),
            edge: Math.min(
              inner.getBoundingClientRect().right,
              document.documentElement.clientWidth,
            ),
          };
        });
        assert.ok(
          fit.right <= fit.edge + 0.5,
          `header overflows at ${width}px: ${JSON.stringify(fit)}`,
        );
      }
    } finally {
      await browser.close();
    }
  },
});
