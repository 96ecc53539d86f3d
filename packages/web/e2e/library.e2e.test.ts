import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  screenshot,
  setUpFirstAdmin,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from './browser.fixture.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// shared/ sits beside the repository (the work tree here, a fresh clone in CI).
const shared = path.resolve(root, '../shared');
const PDF = path.join(shared, 'datasets/extraction-dev/testPDF.pdf');
const DOCX = path.join(shared, 'datasets/extraction-dev/testWORD.docx');
const IMAGE = path.join(shared, 'fixtures/ocr/testocr.png');
/** Documents are held to 1 MB here, so a test file can be over the limit without being large. */
const DOCUMENT_LIMIT_BYTES = 1024 ** 2;
const PROCESSING_TIMEOUT = 120_000;
const VIEWER_PASSWORD = 'a viewer password long enough';

let harness: BrowserHarness;
let page: Page;
let scratch: string;
/** Every text frame the page's WebSockets received, parsed. */
const frames: { type?: string; document?: { id: string }; document_id?: string }[] = [];
/** `POST /api/v1/documents` requests the page sent, by file count (one file per request). */
let uploadRequests = 0;

beforeAll(async () => {
  harness = await startBrowserHarness({
    env: { SIFT_MAX_DOCUMENT_MB: '1', SIFT_QUEUE_POLL_MS: '50' },
  });
  scratch = await mkdtemp(path.join(tmpdir(), 'sift-library-e2e-'));
  const context = await harness.newContext();
  page = await context.newPage();
  page.on('websocket', (ws) =>
    ws.on('framereceived', (frame) => {
      if (typeof frame.payload !== 'string') return;
      try {
        frames.push(JSON.parse(frame.payload) as (typeof frames)[number]);
      } catch {
        // A frame that is not JSON is not an event.
      }
    }),
  );
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/documents')
      uploadRequests++;
  });
  await setUpFirstAdmin(page);
}, 180_000);

afterAll(async () => {
  await harness?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const uploadRow = (file: string, state?: string) =>
  page.locator(`[data-testid="upload-row"][data-file="${file}"]${state ? `[data-state="${state}"]` : ''}`);
const tableRow = (text: string) => page.locator('tr[data-document-id]', { hasText: text });

describe('the library screen in Chromium', () => {
  it(
    'uploads a PDF, a DOCX and an image and shows each row reach processed from live events, without a reload',
    { timeout: 240_000 },
    async () => {
      await page.getByRole('heading', { name: 'Library' }).waitFor();
      await page.getByTestId('library-empty').waitFor();
      // Survives only if the page is never reloaded: progress must come over the open connection.
      await page.evaluate(() => Object.assign(globalThis, { __libraryMarker: 'still here' }));
      let documentListReads = 0;
      const countReads = (request: { method(): string; url(): string }) => {
        if (request.method() === 'GET' && new URL(request.url()).pathname.startsWith('/api/v1/documents'))
          documentListReads++;
      };
      page.on('request', countReads);

      await page.getByTestId('upload-input').setInputFiles([PDF, DOCX, IMAGE]);
      for (const file of ['testPDF.pdf', 'testWORD.docx', 'testocr.png']) {
        await uploadRow(file, 'processed').waitFor({ timeout: PROCESSING_TIMEOUT });
      }
      await expect.poll(() => page.locator('tr[data-status="processed"]').count()).toBe(3);
      page.off('request', countReads);
      await screenshot(page, 'library-uploads');

      expect(await page.evaluate(() => (globalThis as { __libraryMarker?: string }).__libraryMarker)).toBe(
        'still here',
      );
      // The rows moved because the server pushed the documents' progress and completion over the WebSocket…
      const processed = frames.filter((f) => f.type === 'document.processed').map((f) => f.document?.id);
      expect(processed).toHaveLength(3);
      expect(frames.some((f) => f.type === 'document.progress')).toBe(true);
      const ids = await page
        .locator('tr[data-status="processed"]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-document-id')));
      expect(new Set(processed)).toEqual(new Set(ids));
      // …not because the page asked again and again: a few refetches after events, far from a polling loop.
      expect(documentListReads).toBeLessThan(25);
      expect(await tableRow('testWORD.docx').locator('td').nth(5).textContent()).toMatch(/^[1-9]\d*$/);
    },
  );

  it(
    'shows the error code of a corrupt PDF in its rows, with a Retry that processes it again',
    { timeout: 120_000 },
    async () => {
      const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42])]);
      await page
        .getByTestId('upload-input')
        .setInputFiles({ name: 'bad.pdf', mimeType: 'application/pdf', buffer: garbage });
      // It has a PDF's signature, so it is stored; reading it fails.
      const row = uploadRow('bad.pdf', 'processing-failed');
      await row.waitFor({ timeout: PROCESSING_TIMEOUT });
      const code = (await row.getByTestId('upload-error-code').textContent()) ?? '';
      expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      const badRow = tableRow('bad.pdf');
      await expect(badRow.getByTestId('row-error-code').textContent()).resolves.toBe(code);
      const id = await badRow.getAttribute('data-document-id');
      const failures = () =>
        frames.filter((f) => f.type === 'document.failed' && f.document?.id === id).length;
      expect(failures()).toBe(1);
      await row.getByRole('button', { name: 'Retry' }).click();
      // Processed again, it fails again the same way, and the row comes back to its error.
      await expect.poll(failures, { timeout: PROCESSING_TIMEOUT }).toBe(2);
      await row.waitFor();
    },
  );

  it('refuses a file over the server’s limit before sending it', { timeout: 60_000 }, async () => {
    const sentBefore = uploadRequests;
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(DOCUMENT_LIMIT_BYTES + 1024, 0x20)]);
    await page
      .getByTestId('upload-input')
      .setInputFiles({ name: 'big.pdf', mimeType: 'application/pdf', buffer: big });
    const row = uploadRow('big.pdf', 'refused');
    await row.waitFor();
    await expect(row.getByTestId('upload-error-code').textContent()).resolves.toBe('FILE_TOO_LARGE');
    await expect(row.textContent()).resolves.toMatch(/over the 1(\.0)? MB limit/);
    expect(uploadRequests).toBe(sentBefore);
  });

  it(
    'uploads a chosen folder into folders of the same names and filters by a folder with its subfolders',
    { timeout: 120_000 },
    async () => {
      const dir = path.join(scratch, 'reports');
      await mkdir(path.join(dir, '2024'), { recursive: true });
      await writeFile(path.join(dir, 'summary.txt'), 'The summary of all the quarterly reports.');
      await writeFile(path.join(dir, '2024', 'q1.txt'), 'Revenue grew in the first quarter of 2024.');
      await page.getByTestId('upload-folder-input').setInputFiles(dir);
      await uploadRow('summary.txt', 'processed').waitFor({ timeout: PROCESSING_TIMEOUT });
      await uploadRow('q1.txt', 'processed').waitFor({ timeout: PROCESSING_TIMEOUT });

      const folders = page.getByRole('navigation', { name: 'Folders' });
      await folders.getByRole('button', { name: 'reports', exact: true }).click();
      await page.waitForURL(/folder=/);
      await expect.poll(() => page.locator('tr[data-document-id]').count()).toBe(2);
      await folders.getByRole('button', { name: 'Expand reports' }).click();
      await folders.getByRole('button', { name: '2024', exact: true }).click();
      await expect.poll(() => page.locator('tr[data-document-id]').count()).toBe(1);
      await expect(page.locator('tr[data-document-id]').textContent()).resolves.toContain('q1.txt');
    },
  );

  it('moves a document into a folder with the keyboard "Move to…" dialog', { timeout: 60_000 }, async () => {
    await page.goto('/library');
    await page.getByRole('button', { name: /^Actions for .*testocr/ }).click();
    await page.getByRole('menuitem', { name: 'Move to…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Destination folder' }).click();
    await page.getByRole('option', { name: '/reports/2024' }).click();
    await dialog.getByRole('button', { name: 'Move' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const folders = page.getByRole('navigation', { name: 'Folders' });
    await folders.getByRole('button', { name: 'Expand reports' }).click();
    await folders.getByRole('button', { name: '2024', exact: true }).click();
    await expect.poll(() => page.locator('tr[data-document-id]').count()).toBe(2);
  });

  it('moves documents and folders by dragging them onto the folder tree', { timeout: 60_000 }, async () => {
    await page.goto('/library');
    const folders = page.getByRole('navigation', { name: 'Folders' });
    await folders.getByRole('button', { name: 'Expand reports' }).click();
    const year = folders.getByRole('button', { name: '2024', exact: true });
    await tableRow('summary.txt').dragTo(year);
    await year.click();
    await expect.poll(() => page.locator('tr[data-document-id]').count()).toBe(3);

    // A folder dropped on "All folders" moves to the top level, beside its old parent.
    await year.dragTo(folders.getByRole('button', { name: 'All folders' }));
    await folders.getByRole('button', { name: 'Collapse reports' }).waitFor({ state: 'detached' });
    await expect
      .poll(() => folders.getByTestId('folder-item').allTextContents())
      .toEqual(['All folders', '2024', 'reports']);
  });

  it(
    'creates and renames a collection, uploads into it, and shows a viewer the library without edit controls',
    { timeout: 120_000 },
    async () => {
      await page.goto('/library');
      const collections = page.getByRole('navigation', { name: 'Collections' });
      const dialog = page.getByRole('dialog');
      await collections.getByRole('button', { name: 'New collection' }).click();
      await dialog.getByLabel('Collection name').fill('Handbooks');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(/collection=/);
      await collections.getByRole('button', { name: 'Actions for collection Handbooks' }).click();
      await page.getByRole('menuitem', { name: 'Rename…' }).click();
      await dialog.getByLabel('Collection name').fill('Staff handbooks');
      await dialog.getByRole('button', { name: 'Rename' }).click();
      await collections.getByRole('button', { name: /^Staff handbooks/ }).waitFor();
      await page.getByText('Into “Staff handbooks”').waitFor();

      await page.getByTestId('upload-input').setInputFiles({
        name: 'handbook.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Holidays are booked in the team calendar, at least two weeks ahead.'),
      });
      await uploadRow('handbook.txt', 'processed').waitFor({ timeout: PROCESSING_TIMEOUT });
      await expect.poll(() => page.locator('tr[data-document-id]').count()).toBe(1);
      const collectionId = new URL(page.url()).searchParams.get('collection')!;

      // A viewer the collection is shared with: the documents, and no control that would change them.
      const csrf = (await page.context().cookies()).find((c) => c.name === 'sift_csrf')?.value ?? '';
      const headers = { 'x-csrf-token': csrf };
      const created = await page.request.post('/api/v1/users', {
        headers,
        data: {
          email: 'vera@example.org',
          display_name: 'Vera Viewer',
          role: 'viewer',
          password: VIEWER_PASSWORD,
        },
      });
      expect(created.ok(), await created.text()).toBe(true);
      const viewerId = ((await created.json()) as { id: string }).id;
      const shared = await page.request.put(`/api/v1/collections/${collectionId}/shares`, {
        headers,
        data: { principal_type: 'user', principal_id: viewerId, role: 'viewer' },
      });
      expect(shared.ok(), await shared.text()).toBe(true);

      const viewer = await (await harness.newContext()).newPage();
      await signIn(viewer, 'vera@example.org', VIEWER_PASSWORD);
      await viewer.goto('/library');
      await viewer.locator('tr[data-document-id]', { hasText: 'handbook.txt' }).waitFor();
      expect(await viewer.getByTestId('upload-input').count()).toBe(0);
      expect(await viewer.locator('tr[draggable="true"]').count()).toBe(0);
      for (const name of [/^New collection$/, /^New folder$/, /^Actions for/, /^Choose folder$/]) {
        expect(await viewer.getByRole('button', { name }).count(), String(name)).toBe(0);
      }
      await expectAccessible(viewer, 'library (viewer)');
    },
  );

  it('passes axe on the library and looks right in both themes', { timeout: 60_000 }, async () => {
    await page.goto('/library');
    await page.locator('tr[data-document-id]').first().waitFor();
    await screenshot(page, 'library');
    await expectAccessible(page, 'library');
    await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
    await expectAccessible(page, 'library (dark)');
    await screenshot(page, 'library-dark');
    await page.getByRole('button', { name: 'Switch to the light theme' }).click();
  });

  it(
    'sorts by name from its column header, by click and then by Enter, with the order in the URL',
    { timeout: 60_000 },
    async () => {
      await page.goto('/library');
      await page.locator('tr[data-document-id]').first().waitFor();
      const names = async () =>
        (await page.locator('tr[data-document-id] td:first-child a').allTextContents()).map((n) =>
          n.toLowerCase(),
        );
      const newestFirst = await names();
      const nameHeader = page.getByRole('columnheader', { name: 'Name', exact: true });
      const uploadedHeader = page.getByRole('columnheader', { name: 'Uploaded', exact: true });
      expect(await uploadedHeader.getAttribute('aria-sort')).toBe('descending');
      expect(await nameHeader.getAttribute('aria-sort')).toBeNull();

      await nameHeader.getByRole('button').click();
      await page.waitForURL(/[?&]sort=name(&|$)/);
      await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
      // The server orders by the shown name (title, else file name), ignoring case.
      await expect.poll(names).toEqual([...newestFirst].sort());
      expect(await names()).not.toEqual(newestFirst);
      expect(await uploadedHeader.getAttribute('aria-sort')).toBeNull();

      await nameHeader.getByRole('button').focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/[?&]order=desc(&|$)/);
      await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('descending');
      await expect.poll(names).toEqual([...newestFirst].sort().reverse());
    },
  );

  it(
    'renders only the rows in view of a large page, and the rest as the table scrolls',
    { timeout: 120_000 },
    async () => {
      const csrf = (await page.context().cookies()).find((c) => c.name === 'sift_csrf')?.value ?? '';
      for (let batch = 0; batch < 3; batch++) {
        const form = new FormData();
        for (let i = 0; i < 50; i++) {
          const n = batch * 50 + i;
          form.append('file', new Blob([`Bulk note number ${n}.`], { type: 'text/plain' }), `bulk-${n}.txt`);
        }
        const res = await page.request.post('/api/v1/documents', {
          headers: { 'x-csrf-token': csrf },
          multipart: form,
        });
        expect(res.status(), await res.text()).toBe(202);
      }
      await page.goto('/library?limit=500');
      await page.getByText(/Page 1 · 1\d\d documents/).waitFor();
      const rendered = await page.locator('tr[data-document-id]').count();
      expect(rendered).toBeGreaterThan(5);
      expect(rendered).toBeLessThan(40);
      // The oldest upload is the last row: rendered once the table is scrolled to its end.
      await page.getByTestId('documents-table').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await tableRow('testPDF.pdf').waitFor();
      expect(await page.locator('tr[data-document-id]').count()).toBeLessThan(40);
    },
  );
});
