import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  expectAccessible,
  screenshot,
  setUpFirstAdmin,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from './browser.fixture.js';

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
}, 180_000);
afterAll(() => harness?.close());

describe('first run, sign-in and sign-out in Chromium', () => {
  it(
    'sets up the first admin, signs out, refuses a wrong password, signs in and returns to the page',
    { timeout: 90_000 },
    async () => {
      const context = await harness.newContext();
      const page = await context.newPage();
      await page.goto('/');
      await page.waitForURL('**/setup');
      await expectAccessible(page, 'setup');
      await screenshot(page, 'setup');
      await setUpFirstAdmin(page);
      await expect(page.getByTestId('account-menu').textContent()).resolves.toContain(ADMIN.name);

      await page.getByTestId('account-menu').click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      // Sign-out may land on /sign-in or, when the session check answers first, /sign-in?next=…
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await expectAccessible(page, 'sign-in');
      await screenshot(page, 'sign-in');

      // A screen behind sign-in remembers where the user wanted to go.
      await page.goto('/operations');
      await page.waitForURL('**/sign-in?next=%2Foperations');
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel(/^Password/).fill('not the password at all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('error-code').textContent()).resolves.toBe('INVALID_CREDENTIALS');

      await page.getByLabel(/^Password/).fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/operations');
    },
  );

  it(
    'sends a browser whose session ended back to sign-in, then to where it was',
    { timeout: 90_000 },
    async () => {
      const context = await harness.newContext();
      const page = await context.newPage();
      await signIn(page, ADMIN.email, ADMIN.password);
      await page.goto('/dashboard');
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      // Both tokens gone (as after a revocation): the next call cannot refresh.
      await context.clearCookies();
      await page.reload();
      await page.waitForURL('**/sign-in?next=%2Fdashboard');
      await signIn(page, ADMIN.email, ADMIN.password);
      expect(new URL(page.url()).pathname).toBe('/dashboard');
    },
  );
});
