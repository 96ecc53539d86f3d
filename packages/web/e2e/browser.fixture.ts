import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer, type TestServerOptions } from '@sift/server/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './chromium.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** Screenshots of each screen, kept as test artifacts (CI uploads the directory; it is not committed). */
export const ARTIFACTS_DIR = path.join(root, 'test-artifacts/web');

/**
 * Builds the UI when its sources are newer than dist (the same check `npm start` makes) and answers the dist
 * directory. SIFT_E2E_DIST builds into a directory of its own instead (always), so that parallel runs while
 * the UI is being changed do not overwrite each other's build.
 */
export function ensureWebBuilt(): string | undefined {
  const own = process.env.SIFT_E2E_DIST;
  const args = own
    ? [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', own]
    : [path.join(root, 'scripts/build-web.mjs')];
  const run = spawnSync(process.execPath, args, {
    stdio: 'inherit',
    cwd: path.join(root, 'packages/web'),
    // Vitest sets NODE_ENV=test, which would make Vite build React's development runtime (slow, not what ships).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (run.status !== 0) throw new Error('building the web UI failed');
  return own;
}

export interface BrowserHarness {
  server: TestServer;
  browser: Browser;
  /** A fresh browser profile (cookies, storage) for one user. */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** A real server on an empty data dir (auth on, workers running) and Debian's Chromium, headless. */
export async function startBrowserHarness(options: TestServerOptions = {}): Promise<BrowserHarness> {
  const webDistDir = ensureWebBuilt();
  const server = await startTestServer({
    ...(webDistDir ? { webDistDir } : {}),
    startWorkers: true,
    logger: false,
    ...options,
    env: { SIFT_AUTH: 'on', ...options.env },
  });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    async newContext() {
      // Reduced motion turns Mantine's transitions off: axe never sees a dialog half faded (low contrast).
      const context = await browser.newContext({
        baseURL: server.url,
        viewport: { width: 1280, height: 860 },
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page; fails on any serious or critical violation, naming the rule and the elements. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // Evaluated over the DevTools protocol: the page's CSP (scripts from 'self' only) stays on for the app.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // Runs in the page: globalThis is its window, with axe-core loaded above.
    const win = globalThis as unknown as {
      axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResults> };
      document: unknown;
    };
    const results = await win.axe.run(win.document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, `accessibility violations on ${screen}`).toEqual([]);
}

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

export const ADMIN = {
  email: 'admin@example.org',
  password: 'correct horse battery staple',
  name: 'Ada Admin',
};

/** First-run setup through the UI; leaves the page signed in on the library. */
export async function setUpFirstAdmin(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForURL('**/setup');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Display name').fill(ADMIN.name);
  await page.getByLabel(/^Password/).fill(ADMIN.password);
  await page.getByLabel('Repeat the password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  await page.waitForURL('**/library');
}

/** Signs in on the sign-in screen (going there first unless the page is already on it). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/sign-in')) await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
