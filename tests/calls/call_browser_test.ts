/**
 * A real WebRTC call between two headless Chromium pages with fake camera and microphone: two
 * browser contexts signed in as the two people of a DM open the conversation, the caller
 * clicks "Video call", the callee accepts, both peer connections reach "connected" (through
 * offer/answer/ICE relayed by the server), and the caller hangs up: both panels show the end,
 * every local track is stopped and both connections are closed.
 * Needs the island bundles (deno task build) and /usr/bin/chromium.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "puppeteer-core";
import { hasChromium, launchBrowser } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { callMessages, createDm, party } from "./helpers.ts";

const TIMEOUT = 20_000;
const PANEL = 'wm-island[data-island="CallPanel"]';
/** Screenshots of the key moments, for people reviewing the layout. */
const SHOTS = "/tmp/shots-calls";
const FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];

/** Records every stream and peer connection the page makes, to check the cleanup. */
function recordMedia() {
  const w = globalThis as unknown as {
    __streams: MediaStream[];
    __pcs: RTCPeerConnection[];
    RTCPeerConnection: typeof RTCPeerConnection;
  };
  w.__streams = [];
  w.__pcs = [];
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => {
    const s = await gum(c);
    w.__streams.push(s);
    return s;
  };
  const Native = w.RTCPeerConnection;
  w.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.__pcs.push(this);
    }
  } as typeof RTCPeerConnection;
}

async function signedInPage(browser: Browser, server: TestServer, email: string, password: string) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.evaluateOnNewDocument(recordMedia);
  await page.goto(`${server.url}/login`, { waitUntil: "load" });
  await page.type("#f-email", email);
  await page.type("#f-password", password);
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.click('form[action="/login"] button[type="submit"]'),
  ]);
  return page;
}

const state = (page: Page, s: string) =>
  page.waitForSelector(`${PANEL} .call-panel[data-call-state="${s}"]`);

Deno.test({
  name: "browser - a video call between two pages connects and hangs up cleanly",
  ignore: !hasChromium,
  async fn() {
    await using server = await startTestServer();
    const ann = await party(server, "Ann Caller");
    const bob = await party(server, "Bob Callee");
    const dm = await createDm(server, ann, bob);

    const browser = await launchBrowser(FAKE_MEDIA);
    try {
      const a = await signedInPage(browser, server, ann.email, ann.password);
      const b = await signedInPage(browser, server, bob.email, bob.password);
      for (const page of [a, b]) {
        await page.goto(`${server.url}/messages/${dm}`, { waitUntil: "load" });
        await page.waitForSelector(
          `${PANEL}[data-hydrated="true"] .call-start-video:not([disabled])`,
        );
      }
      // Both pages' chat connections are up before the call starts.
      await a.waitForFunction(() =>
        (globalThis as unknown as Record<symbol, { state: string }>)[
          Symbol.for("workmate.chatClient")
        ]?.state === "open"
      );
      await b.waitForFunction(() =>
        (globalThis as unknown as Record<symbol, { state: string }>)[
          Symbol.for("workmate.chatClient")
        ]?.state === "open"
      );

      await a.click(`${PANEL} .call-start-video`);
      await state(a, "ringing");
      await state(b, "incoming");
      await Deno.mkdir(SHOTS, { recursive: true });
      await b.screenshot({ path: `${SHOTS}/callee-incoming.png` });
      assert.match(
        await b.$eval(`${PANEL} .call-status`, (el) => el.textContent ?? ""),
        /Incoming video call from Ann Caller/,
      );

      await b.click(`${PANEL} .call-accept`);
      for (const page of [a, b]) {
        await page.waitForSelector(`${PANEL} .call-panel[data-peer-state="connected"]`);
        await state(page, "connected");
      }
      assert.match(
        await a.$eval(`${PANEL} .call-status`, (el) => el.textContent ?? ""),
        /Connected with Bob Callee/,
      );
      // The remote video gets the other side's fake camera.
      await a.waitForFunction(
        (sel) => {
          const v = document.querySelector<HTMLVideoElement>(sel);
          return !!v && v.srcObject instanceof MediaStream &&
            v.srcObject.getVideoTracks().length > 0;
        },
        {},
        `${PANEL} video.call-remote`,
      );

      await Deno.mkdir(SHOTS, { recursive: true });
      await a.screenshot({ path: `${SHOTS}/caller-connected.png` });
      await b.screenshot({ path: `${SHOTS}/callee-connected.png` });
      await a.click(`${PANEL} .call-mute`);
      await a.waitForSelector(`${PANEL} .call-mute[aria-pressed="true"]`);
      await a.click(`${PANEL} .call-hangup`);
      for (const page of [a, b]) {
        await state(page, "ended");
        const cleaned = await page.evaluate(() => {
          const w = globalThis as unknown as {
            __streams: MediaStream[];
            __pcs: RTCPeerConnection[];
          };
          return {
            streams: w.__streams.length,
            live: w.__streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState !== "ended")
              .length,
            pcs: w.__pcs.map((pc) => pc.signalingState),
          };
        });
        assert.equal(cleaned.streams, 1);
        assert.equal(cleaned.live, 0, "every local track is stopped");
        assert.deepEqual(cleaned.pcs, ["closed"]);
      }
      assert.equal(
        await a.$eval(`${PANEL} .call-panel`, (el) => el.getAttribute("data-end-reason")),
        "hangup",
      );
      assert.match(
        await b.$eval(`${PANEL} .call-status`, (el) => el.textContent ?? ""),
        /Call ended/,
      );
      const [message] = await callMessages(server, dm);
      assert.match(message?.content ?? "", /^Video call · \d+:\d\d$/);
    } finally {
      await browser.close();
    }
  },
});
