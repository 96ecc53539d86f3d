import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf } from './browser-api.fixture.js';
import {
  expectAccessible,
  screenshot,
  setUpFirstAdmin,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from './browser.fixture.js';

let harness: BrowserHarness;
let page: Page;
let adminApi: Awaited<ReturnType<typeof apiOf>>;
const VIEWER = { email: 'vic@example.org', password: 'a viewer password, long enough' };

/** A dead-lettered maintenance task: claimed by a stand-in worker and failed for good, as the pool would. */
async function makeDeadTask(): Promise<string> {
  const { runtime } = harness.server;
  const task = await runtime.tasks.enqueue('system.noop', {}, { maxAttempts: 1 });
  const claimed = await runtime.queue.claim({
    workerId: 'e2e-worker',
    queues: ['maintenance'],
    leaseMs: 60_000,
  });
  expect(claimed?.id).toBe(task.id);
  const error = { code: 'UPSTREAM_UNAVAILABLE', message: 'no answer', retryable: true };
  await runtime.queue.fail(task.id, 'e2e-worker', error, { finalStatus: 'dead' });
  runtime.events.publish({ type: 'task.dead', task: (await runtime.queue.get(task.id))! });
  return task.id;
}

beforeAll(async () => {
  harness = await startBrowserHarness({
    // No worker takes maintenance tasks: the dead task stays dead, and that queue shows no live worker.
    env: { SIFT_EMBEDDER: 'none', SIFT_QUEUE_POLL_MS: '50', SIFT_QUEUE_CONCURRENCY_MAINTENANCE: '0' },
  });
  const context = await harness.newContext();
  page = await context.newPage();
  await setUpFirstAdmin(page);
  const api = await apiOf(context);
  adminApi = api;
  // Real data behind every figure: a processed document, searches with and without hits, questions found and not.
  await api.processed(
    await api.upload(
      'leave.txt',
      'text/plain',
      Buffer.from(
        'Vacation requests go to the team lead two weeks ahead. Sick leave needs a note after three days.',
      ),
    ),
  );
  for (const query of ['vacation requests', 'team lead', 'xylophone quartz'])
    await api.send('POST', '/api/v1/search', { query, mode: 'lexical' });
  await api.send('POST', '/api/v1/ask', { question: 'Where do vacation requests go?' });
  await api.send('POST', '/api/v1/ask', { question: 'xylophone quartz zeppelin?' });
}, 240_000);
afterAll(() => harness?.close());

describe('usage analytics and system status in Chromium', () => {
  it(
    'shows stage times, search latency per mode, questions and active users on the Dashboard',
    { timeout: 120_000 },
    async () => {
      await page.goto('/dashboard');
      const stages = page.getByTestId('analytics-stages');
      for (const stage of ['extract', 'chunk', 'index', 'total'])
        await expect(stages.getByTestId(`stage-${stage}`).textContent()).resolves.toMatch(/\d ms.*\d ms$/);
      const lexical = page.getByTestId('analytics-modes').getByTestId('mode-lexical');
      // Three lexical searches, one without results.
      await expect(lexical.textContent()).resolves.toMatch(/^lexical3.+ ms.+ ms33%$/);
      // Each question retrieves with one hybrid search; the unanswerable one finds nothing.
      const hybrid = page.getByTestId('analytics-modes').getByTestId('mode-hybrid');
      await expect(hybrid.textContent()).resolves.toMatch(/^hybrid2.+ ms.+ ms50%$/);
      const questions = await page.getByTestId('analytics-questions').textContent();
      expect(questions).toContain('Questions asked2');
      expect(questions).toContain('1 not found (50%)');
      await expect(page.getByTestId('analytics-zero-results').textContent()).resolves.toContain(
        // The questions' retrievals are hybrid searches too: 3 lexical and 2 hybrid, one of each empty.
        '2 of 5 searches',
      );
      // The admin sees everyone's figures, active users among them.
      await expect(page.getByTestId('analytics-active-users').textContent()).resolves.toMatch(
        /Active users1.*1 in the last week/,
      );
      await expectAccessible(page, 'dashboard usage');
      await screenshot(page, 'dashboard-usage');
    },
  );

  it(
    "shows a viewer their own figures only: nothing processed, no one else's searches, no active users",
    { timeout: 120_000 },
    async () => {
      await adminApi.send('POST', '/api/v1/users', { ...VIEWER, role: 'viewer' });
      const viewer = await (await harness.newContext()).newPage();
      await signIn(viewer, VIEWER.email, VIEWER.password);
      await viewer.goto('/dashboard');
      await viewer.getByText('Your own uploads, searches and questions').waitFor();
      await viewer
        .getByTestId('analytics-stages')
        .getByText('No document was processed in this range.')
        .waitFor();
      await viewer.getByTestId('analytics-modes').getByText('No searches in this range.').waitFor();
      await expect(viewer.getByTestId('analytics-questions').textContent()).resolves.toContain(
        'Questions asked0',
      );
      await expect(viewer.getByTestId('analytics-zero-results').textContent()).resolves.toContain('—0 of 0');
      expect(await viewer.getByTestId('analytics-active-users').count()).toBe(0);
      await expectAccessible(viewer, 'dashboard usage (viewer)');
      await screenshot(viewer, 'dashboard-usage-viewer');
    },
  );

  it(
    'shows queue depth, live workers, dead letters, database size, free disk and the LLM on System',
    { timeout: 120_000 },
    async () => {
      const deadId = await makeDeadTask();
      await page.goto('/admin/system');
      const counts = page.getByTestId('queue-counts');
      await counts.waitFor();
      // The in-process pool serves every queue but maintenance (concurrency 0 there).
      await expect(
        counts.getByTestId('queue-row-default').getByTestId('live-workers').textContent(),
      ).resolves.toBe('1');
      await expect(
        counts.getByTestId('queue-row-maintenance').getByTestId('live-workers').textContent(),
      ).resolves.toBe('0');
      await expect(page.getByTestId('storage-sizes').textContent()).resolves.toMatch(
        /database \d+(\.\d+)? [KM]B/,
      );
      await expect(page.getByTestId('check-disk').textContent()).resolves.toMatch(
        /[\d,]+ MB free \(minimum [\d,]+ MB\)/,
      );
      await expect(page.getByTestId('check-llm').textContent()).resolves.toContain('None configured');
      const dead = page.getByTestId('dead-letters');
      await expect.poll(() => dead.textContent()).toContain('1 dead-lettered task');
      await expectAccessible(page, 'admin system');
      await screenshot(page, 'admin-system-figures');

      // The hint leads to the dead tasks, where they can be retried.
      await dead.getByRole('link').click();
      await page.waitForURL('**/operations?tasks=dead');
      await page.locator(`[data-testid="task-row"][data-task-id="${deadId}"]`).waitFor();
    },
  );
});
