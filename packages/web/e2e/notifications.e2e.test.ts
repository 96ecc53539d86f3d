import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf } from './browser-api.fixture.js';
import {
  expectAccessible,
  screenshot,
  setUpFirstAdmin,
  startBrowserHarness,
  type BrowserHarness,
} from './browser.fixture.js';

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ env: { SIFT_EMBEDDER: 'none', SIFT_QUEUE_POLL_MS: '50' } });
}, 180_000);
afterAll(() => harness?.close());

describe('the notifications bell in Chromium', () => {
  it(
    'counts unread notifications as they arrive live, lists them, and marks them read',
    { timeout: 120_000 },
    async () => {
      const context = await harness.newContext();
      const page = await context.newPage();
      await setUpFirstAdmin(page);
      const bell = page.getByTestId('notifications-bell');
      await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');

      const api = await apiOf(context);
      for (const name of ['one.txt', 'two.txt'])
        await api.processed(await api.upload(name, 'text/plain', Buffer.from(`The note called ${name}.`)));
      // Pushed on the live stream: one notification for both documents, no reload.
      await expect
        .poll(() => bell.getAttribute('aria-label'), { timeout: 20_000 })
        .toBe('Notifications, 1 unread');
      await bell.click();
      const list = page.getByTestId('notifications-list');
      await list.getByText('2 documents processed').waitFor();
      await expectAccessible(page, 'notifications');
      await screenshot(page, 'notifications-bell');
      await page.getByRole('button', { name: 'Mark all read' }).click();
      await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');
      // Read ones stay listed, still legible.
      await list.getByText('2 documents processed').waitFor();
      await expectAccessible(page, 'notifications read');
    },
  );
});
