import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf } from './browser-api.fixture.js';
import { setUpFirstAdmin, startBrowserHarness, type BrowserHarness } from './browser.fixture.js';

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
}, 180_000);
afterAll(() => harness?.close());

/** The server's side of every open live-events WebSocket (@fastify/websocket's server). */
function dropAllWebSockets(): number {
  const wss = (
    harness.server.server as unknown as { websocketServer: { clients: Set<{ terminate(): void }> } }
  ).websocketServer;
  const clients = [...wss.clients];
  for (const client of clients) client.terminate();
  return clients.length;
}

describe('live updates in Chromium', () => {
  it(
    'shows "reconnecting" when the connection drops, recovers, and replays what happened meanwhile',
    { timeout: 120_000 },
    async () => {
      const context = await harness.newContext();
      const page = await context.newPage();
      await setUpFirstAdmin(page);
      await page.getByTestId('library-empty').waitFor();
      await expect.poll(() => dropAllWebSockets() > 0 || null, { timeout: 10_000 }).toBe(true);
      // Hold the session check that precedes each reconnection, so "reconnecting" stays long enough to see,
      // and the document below is created and processed while the page has no connection.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/v1/auth/me', async (route) => {
        await held;
        await route.continue();
      });
      await page.getByTestId('connection-state').filter({ hasText: 'Reconnecting' }).waitFor();

      const api = await apiOf(context);
      const id = await api.upload(
        'while-away.txt',
        'text/plain',
        Buffer.from('Written while the page was away.'),
      );
      await api.processed(id);
      const marker = await page.evaluate(
        () => ((globalThis as unknown as { marker: number }).marker = Date.now()),
      );
      release();

      // Back live: the badge goes, and the missed events (replayed from the last id) bring the row in.
      await page.getByTestId('connection-state').waitFor({ state: 'detached' });
      await page
        .getByRole('link', { name: /while-away/ })
        .first()
        .waitFor();
      await expect(page.evaluate(() => (globalThis as unknown as { marker: number }).marker)).resolves.toBe(
        marker,
      );
    },
  );
});
