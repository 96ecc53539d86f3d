import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with the flags this machine needs (see ../shared/MACHINE.md): no sandbox as
 * root, no GPU, nothing that reaches the network by itself. Playwright gives every launch a fresh temporary
 * profile (it refuses --user-data-dir). Used by the browser tests and by bench/web-ui.bench.ts.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SIFT_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
