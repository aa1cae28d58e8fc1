/**
 * Two people chat in Chromium, each in their own browser context: A's message appears for B,
 * B's typing shows on A's side, B's reading turns A's tick into ✓✓, and hostile content
 * (script tags, img onerror, javascript: links) renders as text on both sides. Screenshots at
 * 1280 and 390 px go to /tmp/shots-messages/. Needs the island bundles (deno task build).
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "puppeteer-core";
import { hasChromium, launchBrowser } from "../helpers/browser.ts";
import { registerUser, startTestServer, type TestServer } from "../helpers/server.ts";
import { hire } from "../contracts/helpers.ts";

const TIMEOUT = 15_000;
const SHOTS = "/tmp/shots-messages";
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> javascript:alert(1)";

/** A page in a fresh browser context signed in with the cookies of `cookies`. */
async function signedInPage(browser: Browser, server: TestServer, cookies: Map<string, string>) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.setViewport(DESKTOP);
  await page.setCookie(
    ...[...cookies].map(([name, value]) => ({ name, value, url: server.url, httpOnly: true })),
  );
  // "Delete this message?" is ours; any other dialog would mean script from a message ran.
  page.on("dialog", (d) => {
    if (d.type() === "confirm" && d.message().startsWith("Delete this message")) return d.accept();
    throw new Error(`a dialog opened: ${d.message()}`);
  });
  return page;
}

async function openThread(page: Page, url: string) {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector('wm-island[data-island="ChatThread"][data-hydrated="true"]');
  await page.waitForSelector('.chat-thread[data-connection="open"]');
}

async function send(page: Page, text: string) {
  await page.type(".chat-composer textarea", text);
  await page.keyboard.press("Enter");
}

async function shot(page: Page, name: string) {
  for (const [label, viewport] of [["1280", DESKTOP], ["390", PHONE]] as const) {
    await page.setViewport(viewport);
    await page.screenshot({ path: `${SHOTS}/${name}-${label}.png` });
  }
  await page.setViewport(DESKTOP);
}

Deno.test({
  name: "browser - two people chat: message, typing, read tick, hostile text stays text",
  ignore: !hasChromium,
  async fn() {
    await Deno.mkdir(SHOTS, { recursive: true });
    await using server = await startTestServer();
    const a = await registerUser(server, { displayName: "Ana Author", role: "client" });
    const b = await registerUser(server, { displayName: "Bo Reader", role: "worker" });
    const created = await a.client.form("/messages/new", { userId: b.user.id });
    const url = new URL(created.headers.get("location")!, server.url).href;
    const browser = await launchBrowser();
    try {
      const pageA = await signedInPage(browser, server, a.client.cookies);
      const pageB = await signedInPage(browser, server, b.client.cookies);
      await openThread(pageA, url);
      await openThread(pageB, url);

      // A sends; it shows pending or sent for A and appears for B.
      await send(pageA, "Hi Bo, can you start Monday? https://example.com/plan");
      await pageA.waitForSelector('.msg-mine[data-status="sent"], .msg-mine[data-status="read"]');
      await pageB.waitForFunction(() =>
        [...document.querySelectorAll(".msg-theirs .msg-text")].some((el) =>
          el.textContent?.startsWith("Hi Bo, can you start Monday?")
        )
      );
      const link = await pageB.$eval(".msg-theirs .msg-text a", (a) => ({
        href: a.getAttribute("href"),
        rel: a.getAttribute("rel"),
      }));
      assert.deepEqual(link, {
        href: "https://example.com/plan",
        rel: "noopener noreferrer nofollow",
      });

      // B has the thread open and visible, so the message is read: A sees ✓✓.
      await pageA.waitForSelector('.msg-mine[data-status="read"] .ticks-read');
      assert.equal(await pageA.$eval(".msg-mine .msg-ticks", (el) => el.textContent), "✓✓");

      // B types: A sees the typing line.
      await pageB.type(".chat-composer textarea", "Sure");
      await pageA.waitForFunction(() =>
        document.querySelector(".chat-typing")?.textContent === "Bo Reader is typing…"
      );
      await shot(pageA, "thread-a-typing");
      await pageB.keyboard.press("Enter");
      await pageA.waitForFunction(() =>
        [...document.querySelectorAll(".msg-theirs .msg-text")].some((el) =>
          el.textContent === "Sure"
        )
      );
      await pageA.waitForFunction(() => document.querySelector(".chat-typing")?.textContent === "");

      // Hostile content is text on both sides.
      await send(pageA, HOSTILE);
      for (const page of [pageA, pageB]) {
        await page.waitForFunction(
          (text) =>
            [...document.querySelectorAll(".msg-text")].some((el) => el.textContent === text),
          {},
          HOSTILE,
        );
        const found = await page.evaluate(() => ({
          scripts: document.querySelectorAll(".chat-messages script").length,
          images: document.querySelectorAll(".chat-messages img").length,
          jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
          onerror: document.querySelectorAll("[onerror]").length,
        }));
        assert.deepEqual(found, { scripts: 0, images: 0, jsLinks: 0, onerror: 0 });
      }
      // And after a reload, from the server's render.
      await openThread(pageB, url);
      assert.equal(
        await pageB.$$eval(".chat-messages script, .chat-messages img", (els) => els.length),
        0,
      );

      await shot(pageA, "thread-a");
      await shot(pageB, "thread-b");
      // On the list, a new message counts as unread there and in the header, live.
      await pageB.goto(`${server.url}/messages`, { waitUntil: "load" });
      await pageB.waitForSelector('wm-island[data-island="MessagesList"][data-hydrated="true"]');
      await pageB.waitForSelector('.nav-messages[data-count="0"]');
      await send(pageA, "One more thing: bring the grout.");
      await pageB.waitForSelector('.convo[data-unread="1"]');
      await pageB.waitForSelector('.nav-messages[data-count="1"] .nav-count');
      assert.equal(
        await pageB.$eval(".convo .convo-preview", (el) => el.textContent),
        "One more thing: bring the grout.",
      );
      await shot(pageB, "list-b");
      await pageB.setViewport(PHONE);
      await pageB.waitForSelector('.nav-messages-compact[data-count="1"]', { visible: true });
      await pageB.setViewport(DESKTOP);
    } finally {
      await browser.close();
    }
  },
});

const textIs = (selector: string, text: string) =>
  `[...document.querySelectorAll(${JSON.stringify(selector)})].some((el) => el.textContent === ${
    JSON.stringify(text)
  })`;

Deno.test({
  name: "browser - a job thread: attachment, reply, reaction, edit and delete, live on both sides",
  ignore: !hasChromium,
  async fn() {
    await Deno.mkdir(SHOTS, { recursive: true });
    await using server = await startTestServer();
    const { client, worker, jobId } = await hire(server);
    const opened = await client.client.form("/messages/new", { userId: worker.id, jobId });
    const url = new URL(opened.headers.get("location")!, server.url).href;
    const png = await Deno.makeTempFile({ suffix: ".png" });
    // A 1×1 PNG.
    await Deno.writeFile(
      png,
      Uint8Array.from(
        atob(
          "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
        ),
        (ch) => ch.charCodeAt(0),
      ),
    );
    const browser = await launchBrowser();
    try {
      const pageC = await signedInPage(browser, server, client.client.cookies);
      const pageW = await signedInPage(browser, server, worker.client.cookies);
      await openThread(pageC, url);
      await openThread(pageW, url);
      assert.ok(await pageC.$(".chat-job-card"));

      // An image attachment: uploaded, sent, previewed inline for the other side.
      const input = await pageC.$(".chat-attach input[type=file]");
      await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(png);
      await pageC.waitForSelector(".chat-upload.is-done");
      await send(pageC, "The spot to tile");
      await pageW.waitForSelector(".msg-theirs .msg-image img");
      // Wait for the image to finish loading (or fail), then check it really decoded.
      await pageW.waitForFunction(() => {
        const img = document.querySelector(".msg-theirs .msg-image img") as HTMLImageElement | null;
        return img !== null && img.complete;
      });
      const loaded = await pageW.$eval(
        ".msg-theirs .msg-image img",
        (img) => (img as HTMLImageElement).naturalWidth,
      );
      assert.equal(loaded, 1, "the member can load the image");

      // The worker replies quoting it, and reacts.
      await pageW.hover(".msg-theirs");
      await pageW.click(".msg-theirs .msg-action");
      await pageW.waitForSelector(".chat-replying");
      await send(pageW, "On it");
      await pageC.waitForFunction(textIs(".msg-theirs .msg-quote-text", "The spot to tile"));
      await pageW.hover(".msg-theirs");
      await pageW.click(".msg-theirs .msg-react-menu summary");
      await pageW.click('.msg-theirs .msg-react-options button[aria-label="React 👍"]');
      await pageC.waitForFunction(textIs(".msg-mine .reaction", "👍 1"));

      // The client edits, then deletes, their message: both show live on the worker's side.
      await pageC.hover(".msg-mine");
      const [, edit] = await pageC.$$(".msg-mine .msg-actions > .msg-action");
      await edit.click();
      await pageC.waitForSelector(".msg-edit textarea");
      await pageC.$eval(".msg-edit textarea", (t) => ((t as HTMLTextAreaElement).value = ""));
      await pageC.type(".msg-edit textarea", "The spot to tile (kitchen)");
      await pageC.click('.msg-edit button[type="submit"]');
      await pageW.waitForFunction(textIs(".msg-theirs .msg-text", "The spot to tile (kitchen)"));
      await pageW.waitForFunction(textIs(".msg-theirs .msg-edited", "edited"));
      await shot(pageW, "job-thread-worker");
      await send(pageC, "Scratch that");
      await pageW.waitForFunction(textIs(".msg-theirs .msg-text", "Scratch that"));
      // The pending bubble is replaced by the stored message once acked: act on the stored one.
      await pageC.waitForFunction(() => {
        const mine = [...document.querySelectorAll(".msg-mine")];
        const last = mine[mine.length - 1];
        return last?.textContent?.includes("Scratch that") && !last.matches(".msg-pending");
      });
      const mine = await pageC.$$(".msg-mine");
      await mine[mine.length - 1].hover();
      const buttons = await mine[mine.length - 1].$$(".msg-actions > .msg-action");
      await buttons[buttons.length - 1].click();
      await pageW.waitForFunction(textIs(".msg-theirs .msg-text", "This message was deleted"));
      await shot(pageC, "job-thread-client");
    } finally {
      await browser.close();
      await Deno.remove(png).catch(() => {});
    }
  },
});

Deno.test({
  name: "browser - a restart mid-conversation: banner, pending message, sent once after reconnect",
  ignore: !hasChromium,
  async fn() {
    await Deno.mkdir(SHOTS, { recursive: true });
    const dataDir = await Deno.makeTempDir({ prefix: "workmate-test-" });
    let server = await startTestServer({ keepData: true, env: { DATA_DIR: dataDir } });
    const a = await registerUser(server, { displayName: "Ana Author" });
    const b = await registerUser(server, { displayName: "Bo Reader" });
    const created = await a.client.form("/messages/new", { userId: b.user.id });
    const url = new URL(created.headers.get("location")!, server.url).href;
    const port = new URL(server.url).port;
    const browser = await launchBrowser();
    try {
      const pageA = await signedInPage(browser, server, a.client.cookies);
      const pageB = await signedInPage(browser, server, b.client.cookies);
      await openThread(pageA, url);
      await openThread(pageB, url);
      await server.stop();
      await pageA.waitForSelector(
        '.chat-thread[data-connection="reconnecting"] .chat-banner, ' +
          '.chat-thread[data-connection="offline"] .chat-banner',
      );
      await send(pageA, "Sent while the server was away");
      await pageA.waitForSelector('.msg-mine[data-status="pending"]');
      await shot(pageA, "reconnecting");

      server = await startTestServer({ env: { DATA_DIR: dataDir, PORT: port } });
      await pageA.waitForSelector('.chat-thread[data-connection="open"]', { timeout: 30_000 });
      await pageA.waitForSelector('.msg-mine[data-status="sent"], .msg-mine[data-status="read"]');
      assert.equal(await pageA.$('.msg-mine[data-status="pending"]'), null);
      assert.equal(await pageA.$(".chat-banner"), null);
      await pageB.waitForFunction(
        textIs(".msg-theirs .msg-text", "Sent while the server was away"),
        {
          timeout: 30_000,
        },
      );
      assert.equal(await pageB.$$eval(".msg-theirs", (els) => els.length), 1, "delivered once");
      await openThread(pageB, url);
      assert.equal(await pageB.$$eval(".msg-theirs", (els) => els.length), 1, "stored once");
    } finally {
      await browser.close();
      await server.stop();
    }
  },
});

Deno.test({
  name: "browser - a workspace channel: members with live presence, messages with senders",
  ignore: !hasChromium,
  async fn() {
    await Deno.mkdir(SHOTS, { recursive: true });
    await using server = await startTestServer();
    const owner = await registerUser(server, { displayName: "Olga Owner", role: "client" });
    const mate = await registerUser(server, { displayName: "Max Mate" });
    const created = await owner.client.form("/workspaces", { intent: "create", name: "Tilers Co" });
    const wsPath = new URL(created.headers.get("location")!, server.url).pathname;
    const [ws] = (await owner.client.json("GET", "/api/v1/workspaces")).body.items;
    await mate.client.form("/workspaces", { intent: "join", code: ws.joinCode });
    const general = `${server.url}/messages/${ws.generalChannelId}`;
    const browser = await launchBrowser();
    try {
      const pageO = await signedInPage(browser, server, owner.client.cookies);
      await openThread(pageO, general);
      await pageO.waitForSelector(
        `.chat-aside .member-list li[data-user-id="${mate.user.id}"][data-online="false"]`,
      );
      const pageM = await signedInPage(browser, server, mate.client.cookies);
      await openThread(pageM, general);
      // Max comes online: Olga's member list says so without a reload.
      await pageO.waitForSelector(
        `.chat-aside .member-list li[data-user-id="${mate.user.id}"][data-online="true"]`,
      );
      await send(pageM, "Morning all, I'm on the Harbour Street job today.");
      await pageO.waitForFunction(textIs(".msg-theirs .msg-sender", "Max Mate"));
      await send(pageO, "Great, thanks Max");
      await pageM.waitForFunction(textIs(".msg-theirs .msg-text", "Great, thanks Max"));
      await shot(pageO, "channel-owner");
      // On a phone the members open from the header.
      await pageO.setViewport(PHONE);
      await pageO.click(".chat-members-toggle > summary");
      await pageO.waitForSelector(
        `.chat-members-panel li[data-user-id="${mate.user.id}"][data-online="true"]`,
        { visible: true },
      );
      await pageO.screenshot({ path: `${SHOTS}/channel-members-390.png` });
      await pageO.setViewport(DESKTOP);
      await pageO.goto(server.url + wsPath, { waitUntil: "load" });
      await shot(pageO, "workspace");
      await pageO.goto(server.url + "/workspaces", { waitUntil: "load" });
      await shot(pageO, "workspaces");
    } finally {
      await browser.close();
    }
  },
});
