import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  ADMIN,
  expectAccessible,
  setUpFirstAdmin,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from './browser.fixture.js';

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ env: { SIFT_EMBEDDER: 'none' } });
  const context = await harness.newContext();
  await setUpFirstAdmin(await context.newPage());
  await context.close();
}, 180_000);
afterAll(() => harness?.close());

// A placeholder is on screen only while a request is pending, so an accessibility check elsewhere sees one by
// chance (that is how a role-less labelled spinner once failed CI). Here the request is held until it is checked.
describe('loading placeholders in Chromium', () => {
  it.each([
    { screen: '/dashboard', request: '**/api/v1/stats*', status: 'Loading statistics' },
    { screen: '/library', request: '**/api/v1/documents?*', status: 'Loading documents' },
  ])(
    'shows "$status" on $screen as a labelled status region while its request is pending',
    { timeout: 60_000 },
    async ({ screen, request, status }) => {
      const context = await harness.newContext();
      const page = await context.newPage();
      await signIn(page, ADMIN.email, ADMIN.password);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      await page.route(request, async (route) => {
        await released;
        await route.continue();
      });
      await page.goto(screen);
      await page.getByRole('status', { name: status }).waitFor();
      await expectAccessible(page, `${screen} loading`);
      release();
      await page.getByRole('status', { name: status }).waitFor({ state: 'detached' });
      await context.close();
    },
  );
});
