import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from 'playwright-core';
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

const VIEWER = { email: 'vera@example.org', name: 'Vera Viewer', password: 'a viewer password, long enough' };

let harness: BrowserHarness;
let sourceRoot: string;
let adminPage: Page;
let token: string;

/** One API call as the admin (bearer token: no cookies, no CSRF echo). */
async function asAdmin<T = Record<string, unknown>>(
  method: string,
  pathname: string,
  body?: unknown,
): Promise<T> {
  const form = body instanceof FormData;
  const res = await fetch(`${harness.server.url}/api/v1${pathname}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && !form ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: form ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

async function uploadText(name: string, text: string, collectionId: string): Promise<string> {
  const form = new FormData();
  form.append('collection_id', collectionId);
  form.append('file', new Blob([text], { type: 'text/plain' }), name);
  const body = await asAdmin<{ items: { document_id: string }[] }>('POST', '/documents', form);
  return body.items[0]!.document_id;
}

async function waitProcessed(id: string): Promise<void> {
  for (const until = Date.now() + 90_000; Date.now() < until; await delay(100)) {
    const doc = await asAdmin<{ status: string }>('GET', `/documents/${id}`);
    if (doc.status === 'processed') return;
    if (doc.status === 'failed') throw new Error(`document ${id} failed`);
  }
  throw new Error(`document ${id} was not processed in time`);
}

/**
 * A dead-lettered task, made deterministically: its last attempt claimed by a stand-in worker and failed with a
 * retryable error, which is what the worker pool does after the last retry. The maintenance queue has no worker
 * slots in this harness, so nothing else claims it, before or after the retry.
 */
async function makeDeadTask(): Promise<string> {
  const { runtime } = harness.server;
  const task = await runtime.tasks.enqueue('system.noop', {}, { maxAttempts: 1 });
  const claimed = await runtime.queue.claim({
    workerId: 'e2e-worker',
    queues: ['maintenance'],
    leaseMs: 60_000,
  });
  expect(claimed?.id).toBe(task.id);
  const error = {
    code: 'UPSTREAM_UNAVAILABLE',
    message: 'the upstream service did not answer',
    retryable: true,
  };
  await runtime.queue.fail(task.id, 'e2e-worker', error, { finalStatus: 'dead' });
  runtime.events.publish({ type: 'task.dead', task: (await runtime.queue.get(task.id))! });
  return task.id;
}

/** A screenshot of the whole page from its top, without the notifications that cover the header. */
async function shot(page: Page, name: string): Promise<void> {
  for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click();
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached' });
  await page.evaluate('window.scrollTo(0, 0)');
  await screenshot(page, name);
}

/** Picks `option` in the Mantine Select or MultiSelect labelled `label`. */
async function pick(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('textbox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

beforeAll(async () => {
  sourceRoot = await mkdtemp(path.join(tmpdir(), 'sift-e2e-sources-'));
  await writeFile(
    path.join(sourceRoot, 'handbook.txt'),
    'Vacation requests go to the team lead two weeks ahead.',
  );
  harness = await startBrowserHarness({
    env: {
      // No worker takes maintenance tasks: the dead task stays put until the test retries it.
      SIFT_QUEUE_CONCURRENCY_MAINTENANCE: '0',
      SIFT_QUEUE_POLL_MS: '100',
      SIFT_SOURCE_ROOTS: sourceRoot,
    },
  });
  const context = await harness.newContext();
  adminPage = await context.newPage();
  await setUpFirstAdmin(adminPage);
  const res = await fetch(`${harness.server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
}, 180_000);

afterAll(async () => {
  await harness?.close();
  if (sourceRoot) await rm(sourceRoot, { recursive: true, force: true });
});

describe('operations, admin, dashboard and account in Chromium', () => {
  it('retries a dead task from Operations and syncs a directory source', { timeout: 120_000 }, async () => {
    const page = adminPage;
    await asAdmin('POST', '/collections', { name: 'Handbook' });
    await page.goto('/operations');
    await page.getByRole('heading', { name: 'Operations' }).waitFor();
    await page.getByTestId('tasks-empty').waitFor();

    // Dead-lettered while the screen is open: the live task event brings it in, nothing polls.
    const id = await makeDeadTask();
    await page.getByTestId('tasks-tab-dead').click();
    const row = page.locator(`[data-testid="task-row"][data-task-id="${id}"]`);
    await expect(row.getByTestId('task-status').textContent()).resolves.toBe('dead');
    await expect(row.textContent()).resolves.toContain('UPSTREAM_UNAVAILABLE');
    await expect.poll(() => page.getByTestId('queue-maintenance').textContent()).toMatch(/1\s*dead/);

    // A directory source: added, scanned by a worker, its result shown when the scan's event arrives.
    await page.getByLabel('Directory on the server').fill(sourceRoot);
    await page.getByRole('button', { name: 'Add and scan' }).click();
    await page.getByTestId('source-row').filter({ hasText: '1 added' }).waitFor({ timeout: 60_000 });

    await expectAccessible(page, 'operations');
    await shot(page, 'operations');

    await row.getByRole('button', { name: 'Retry' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await harness.server.runtime.queue.get(id))?.status).toBe('pending');
    await page.getByTestId('tasks-tab-queued').click();
    const queued = page.locator(`[data-testid="task-row"][data-task-id="${id}"]`);
    await expect(queued.getByTestId('task-status').textContent()).resolves.toBe('pending');
  });

  it(
    'manages accounts, groups, shares, audit and system status on each Admin tab',
    { timeout: 120_000 },
    async () => {
      const page = adminPage;
      await page.goto('/admin');
      await page.waitForURL('**/admin/users');
      await page.getByRole('button', { name: 'Create account' }).click();
      const dialog = page.getByRole('dialog', { name: 'Create an account' });
      await dialog.getByLabel('Email').fill(VIEWER.email);
      await dialog.getByLabel('Display name').fill(VIEWER.name);
      // A first password the viewer "forgets": the admin sets VIEWER.password below, and the viewer test
      // signs in with it.
      await dialog.getByLabel(/^First password/).fill('a first password, soon forgotten');
      await dialog.getByRole('button', { name: 'Create account' }).click();
      await dialog.waitFor({ state: 'detached' });
      const viewerRow = page.locator(`[data-testid="user-row"][data-email="${VIEWER.email}"]`);
      await expect(
        viewerRow.getByRole('textbox', { name: `Role of ${VIEWER.email}` }).inputValue(),
      ).resolves.toBe('Viewer');
      await expectAccessible(page, 'admin users');
      await shot(page, 'admin-users');
      await viewerRow.getByRole('button', { name: `Set password of ${VIEWER.email}` }).click();
      const passwordDialog = page.getByRole('dialog', { name: `Set a password for ${VIEWER.email}` });
      await passwordDialog.getByLabel(/^New password/).fill(VIEWER.password);
      await passwordDialog.getByRole('button', { name: 'Set password' }).click();
      await passwordDialog.waitFor({ state: 'detached' });

      await page.getByRole('tab', { name: 'Groups' }).click();
      await page.waitForURL('**/admin/groups');
      await page.getByRole('button', { name: 'Create group' }).click();
      const groupDialog = page.getByRole('dialog', { name: 'Create a group' });
      await groupDialog.getByLabel('Name').fill('Readers');
      await pick(page, 'Members', new RegExp(VIEWER.name));
      // A MultiSelect stays open after a pick; a click elsewhere in the dialog closes it.
      await groupDialog.getByLabel('Name').click();
      await groupDialog.getByRole('button', { name: 'Create group' }).click();
      await groupDialog.waitFor({ state: 'detached' });
      await page.getByTestId('group-row').filter({ hasText: VIEWER.name }).waitFor();
      await expectAccessible(page, 'admin groups');

      await page.getByRole('tab', { name: 'Collection shares' }).click();
      await page.waitForURL('**/admin/shares');
      await pick(page, 'Account', new RegExp(VIEWER.email));
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      await page.getByTestId('share-row').filter({ hasText: VIEWER.name }).waitFor();
      await expectAccessible(page, 'admin shares');
      await shot(page, 'admin-shares');

      await page.getByRole('tab', { name: 'Audit log' }).click();
      await page.waitForURL('**/admin/audit');
      await page.getByTestId('audit-row').first().waitFor();
      await expectAccessible(page, 'admin audit');
      await shot(page, 'admin-audit');
      await page.getByLabel('Action').fill('user.create');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
      await expect(page.getByTestId('audit-row').textContent()).resolves.toContain('user.create');

      await page.getByRole('tab', { name: 'System' }).click();
      await page.waitForURL('**/admin/system');
      await expect(page.getByTestId('readiness').textContent()).resolves.toBe('ready');
      await page.getByTestId('queue-counts').waitFor();
      await expect(page.getByTestId('serving-space').textContent()).resolves.toMatch(/@\d+/);
      await expectAccessible(page, 'admin system');
      await shot(page, 'admin-system');
    },
  );

  it(
    'shows a viewer no upload, write or admin controls, and "not allowed" at /admin',
    { timeout: 90_000 },
    async () => {
      const context = await harness.newContext();
      const page = await context.newPage();
      await signIn(page, VIEWER.email, VIEWER.password);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Library' }).waitFor();
      await expect(nav.getByRole('link', { name: 'Admin' }).count()).resolves.toBe(0);
      await page.goto('/library');
      await page.getByRole('heading', { name: 'Library' }).waitFor();
      // Absence is checked once the list has loaded (a column header "Uploaded" is a sort button, not an upload).
      await page.getByTestId('documents-table').or(page.getByTestId('library-empty')).first().waitFor();
      await expect(page.getByTestId('upload-input').count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Choose folder' }).count()).resolves.toBe(0);

      await page.goto('/admin');
      await page.getByTestId('not-allowed').waitFor();
      await page.goto('/admin/audit');
      await page.getByTestId('not-allowed').waitFor();

      // The shared collection shows, but nothing that adds or rescans a directory.
      await page.goto('/operations');
      await page.getByTestId('sources-empty').waitFor();
      await expect(page.getByRole('textbox', { name: 'Collection' }).inputValue()).resolves.toBe('Handbook');
      await expect(page.getByRole('button', { name: 'Add and scan' }).count()).resolves.toBe(0);
      await expect(page.getByLabel('Directory on the server').count()).resolves.toBe(0);
      await expectAccessible(page, 'operations as a viewer');
    },
  );

  it('creates an API key on Account, shows it once, and revokes it', { timeout: 90_000 }, async () => {
    const page = adminPage;
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    await page.getByTestId('keys-empty').waitFor();
    await expectAccessible(page, 'account without keys');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API key' });
    await dialog.getByLabel(/^Name/).fill('nightly import');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-key-value').textContent())!;
    expect(key).toMatch(/^sift_/);
    await expectAccessible(page, 'account new key');
    await screenshot(page, 'account-new-key');
    const bearer = { headers: { authorization: `Bearer ${key}` } };
    expect((await fetch(`${harness.server.url}/api/v1/auth/me`, bearer)).status).toBe(200);

    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const row = page.getByTestId('key-row').filter({ hasText: 'nightly import' });
    await expect(row.getAttribute('data-state')).resolves.toBe('active');
    // Shown once: the listing has only its prefix.
    await expect(page.content()).resolves.not.toContain(key);
    await expectAccessible(page, 'account');
    await shot(page, 'account');

    await row.getByRole('button', { name: 'Revoke key nightly import' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke the API key?' });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('revoked');
    expect((await fetch(`${harness.server.url}/api/v1/auth/me`, bearer)).status).toBe(401);
  });

  it('charts documents, ingest and searches on the Dashboard', { timeout: 120_000 }, async () => {
    const { items } = await asAdmin<{ items: { id: string; name: string }[] }>('GET', '/collections');
    const handbook = items.find((c) => c.name === 'Handbook')!.id;
    const ids = [
      await uploadText(
        'travel.txt',
        'Travel expenses are refunded within thirty days of the receipt.',
        handbook,
      ),
      await uploadText(
        'security.txt',
        'Laptops lock after five minutes; passwords have twelve characters.',
        handbook,
      ),
    ];
    for (const id of ids) await waitProcessed(id);
    for (const query of ['travel expenses', 'laptops lock', 'quarterly penguin census'])
      await asAdmin('POST', '/search', { query, mode: 'lexical' });

    const page = adminPage;
    await page.goto('/dashboard');
    await page.getByTestId('stats-summary').waitFor();
    await page.getByTestId('chart-status').locator('svg').first().waitFor();
    await expect(page.getByTestId('zero-result-queries').textContent()).resolves.toContain(
      'quarterly penguin census',
    );
    await expectAccessible(page, 'dashboard');
    await shot(page, 'dashboard');

    await page.getByText('7 days').click();
    await page.getByText(/per day/).waitFor();
    await page.getByRole('button', { name: /Switch to the dark theme/ }).click();
    await shot(page, 'dashboard-dark');
    await expectAccessible(page, 'dashboard dark');
    await page.getByRole('button', { name: /Switch to the light theme/ }).click();
  });
});
