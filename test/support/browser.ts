import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; playwright's own browser downloads are not available where careloop is built. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Real headless Chromium for browser tests: one per test file, a fresh context per test. The flags keep it
 * quiet and offline apart from the pages a test opens (no updates, sync or background fetches).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
