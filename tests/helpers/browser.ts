/**
 * Headless Chromium for browser tests. A browser test is declared with `ignore: !hasChromium`:
 * without /usr/bin/chromium it is skipped, unless REQUIRE_BROWSER is set (as in CI), in which
 * case importing this module fails the run instead of silently skipping.
 */
import puppeteer, { type Browser } from "puppeteer-core";

export const CHROMIUM = "/usr/bin/chromium";

export const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

if (!hasChromium && Deno.env.get("REQUIRE_BROWSER")) {
  throw new Error(`REQUIRE_BROWSER is set but ${CHROMIUM} is missing`);
}

/**
 * One browser per test file; close it in `finally`. `extraArgs` adds Chromium switches (the
 * call test uses fake camera and microphone).
 */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      ...extraArgs,
    ],
  });
}
