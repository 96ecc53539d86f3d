import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  screenshot,
  setUpFirstAdmin,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from './browser.fixture.js';
import { apiOf, type DocumentBody } from './browser-api.fixture.js';

/** A short speech recording kept beside the repository (as the server's format tests use it). */
const SPEECH = fileURLToPath(new URL('../../../../shared/fixtures/audio/jfk.wav', import.meta.url));

/** Distinct words on each page, so a phrase names its page. */
const PAGES = [
  'Orchard inventory for the northern valley. Apples and pears are counted every autumn.',
  'The copper kettle maintenance schedule is reviewed each spring by the workshop team.',
  'Harbour lighthouse keepers rotate weekly and log every passing ship at night.',
];
const PHRASE = 'copper kettle maintenance schedule';

async function multiPagePdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const [i, line] of PAGES.entries()) {
    const page = pdf.addPage([595, 842]);
    page.drawText(line, { x: 40, y: 780, size: 11, font });
    // A long first page puts page 2 below the fold: the view must scroll to the citation.
    for (let row = 1; i === 0 && row <= 40; row++) {
      page.drawText(`Row ${row}: ${row * 3} crates counted in the orchard.`, {
        x: 40,
        y: 770 - row * 18,
        size: 10,
        font,
      });
    }
  }
  return Buffer.from(await pdf.save());
}

async function isInViewport(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.bottom > 0 && box.top < (globalThis as unknown as { innerHeight: number }).innerHeight;
    });
}

/** What the tests read of an `<audio>` element (this file is typed for Node, without the DOM library). */
interface AudioLike {
  readyState: number;
  currentTime: number;
  seekable: { length: number; end(index: number): number };
  addEventListener(type: string, listener: () => void): void;
}

let harness: BrowserHarness;
let admin: BrowserContext;

beforeAll(async () => {
  harness = await startBrowserHarness({ env: { SIFT_QUEUE_POLL_MS: '50' } });
  admin = await harness.newContext();
  await setUpFirstAdmin(await admin.newPage());
}, 180_000);
afterAll(() => harness?.close());

describe('the document view in Chromium', () => {
  it(
    'lands on a citation with the range highlighted and its PDF page drawn, edits tags, shows chunks and similar documents, and deletes',
    { timeout: 180_000 },
    async () => {
      const api = await apiOf(admin);
      const pdfId = await api.upload('handbook.pdf', 'application/pdf', await multiPagePdf());
      // A second document on the same subject, so "similar" has something to find.
      const notesId = await api.upload(
        'kettle-notes.txt',
        'text/plain',
        Buffer.from(
          'Notes on the copper kettle: the maintenance schedule moves to spring, says the workshop.',
        ),
      );
      // Opened while it is processed: status and text follow live events, without a reload.
      const page = await admin.newPage();
      await page.goto(`/documents/${pdfId}`);
      await page
        .getByTestId('document-status')
        .filter({ hasText: 'processed' })
        .waitFor({ timeout: 120_000 });
      await page.getByTestId('document-text').waitFor();
      await api.processed(pdfId);
      await api.processed(notesId);

      // The citation's offsets, as a chat answer would carry them: from the chunk that holds the phrase.
      const chunks = await api.get<{
        items: { content: string; start_char: number; page_from: number | null }[];
      }>(`/api/v1/documents/${pdfId}/chunks`);
      const chunk = chunks.body.items.find((c) => c.content.includes(PHRASE))!;
      const start = chunk.start_char + chunk.content.indexOf(PHRASE);
      const end = start + PHRASE.length;
      const text = await api.get<{ text: string }>(`/api/v1/documents/${pdfId}/text`);
      expect(text.body.text.slice(start, end)).toBe(PHRASE);

      await page.goto(`/documents/${pdfId}?page=2&start=${start}&end=${end}`);
      const highlight = page.getByTestId('citation-highlight');
      await highlight.first().waitFor();
      expect(await highlight.allTextContents()).toEqual([PHRASE]);
      expect(await highlight.first().evaluate((el) => el.tagName + '.' + el.className)).toMatch(
        /^MARK\.sift-highlight/,
      );
      expect(await isInViewport(page, '[data-testid="citation-highlight"]')).toBe(true);
      // The highlighted text sits under its page's marker, and the PDF's page 2 is drawn beside it.
      const marker = await highlight
        .first()
        .evaluate(
          (el) => el.closest('div')?.previousElementSibling?.getAttribute('data-page-marker') ?? null,
        );
      expect(marker).toBe('2');
      await page
        .locator('[data-testid="cited-page"] [data-testid="pdf-page"][data-rendered="true"]')
        .waitFor();
      expect(
        await page.locator('[data-testid="cited-page"] [data-testid="pdf-page"]').getAttribute('data-page'),
      ).toBe('2');
      await page.getByRole('tab', { name: 'Text' }).waitFor();
      expect(await page.getByRole('tab', { name: 'Text' }).getAttribute('aria-selected')).toBe('true');
      await expectAccessible(page, 'document');
      // A full-page picture from the top: the fixed header then sits where it belongs.
      await page.evaluate(() =>
        (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
      );
      await screenshot(page, 'document');
      await page.emulateMedia({ colorScheme: 'dark' });
      await expectAccessible(page, 'document (dark)');
      await screenshot(page, 'document-dark');
      await page.emulateMedia({ colorScheme: 'light' });

      // Tags: add one (typed in mixed case, saved as the server stores it).
      await page.getByRole('button', { name: 'Edit tags' }).click();
      const tagInput = page.getByRole('textbox', { name: 'Tags' });
      await tagInput.fill('Quarterly');
      await tagInput.press('Enter');
      await page.getByRole('button', { name: 'Save tags' }).click();
      await page.getByTestId('document-tag').filter({ hasText: 'quarterly' }).waitFor();
      expect((await api.get<DocumentBody>(`/api/v1/documents/${pdfId}`)).body.tags).toEqual(['quarterly']);

      // The original, one page at a time, opened at the cited page.
      await page.getByRole('tab', { name: 'Original' }).click();
      const original = page.locator('[data-testid="pdf-page"]');
      await page.locator('[data-testid="pdf-page"][data-page="2"][data-rendered="true"]').waitFor();
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.locator('[data-testid="pdf-page"][data-page="3"][data-rendered="true"]').waitFor();
      expect(await original.count()).toBe(1);
      await screenshot(page, 'document-original');

      await page.getByRole('tab', { name: 'Chunks' }).click();
      await page.getByTestId('chunk').first().waitFor();
      expect(await page.getByTestId('chunk').first().textContent()).toMatch(/characters \d+–\d+ · page/);
      await expectAccessible(page, 'document chunks tab');
      // A chunk links to its range in the text, the same way a citation does.
      const pageTwoChunk = page.getByTestId('chunk').filter({ hasText: PHRASE });
      await pageTwoChunk.getByRole('link', { name: /^Show in text: chunk \d+$/ }).click();
      await page.getByTestId('citation-highlight').first().waitFor();
      expect((await page.getByTestId('citation-highlight').allTextContents()).join('')).toContain(PHRASE);

      await page.getByRole('tab', { name: 'Similar' }).click();
      await page.getByTestId('similar-documents').waitFor();
      await page.getByTestId('similar-document').filter({ hasText: 'kettle-notes.txt' }).waitFor();
      await expectAccessible(page, 'document similar tab');

      // Processed again: queued at once, then back to processed through live events alone (no polling).
      await page.getByRole('button', { name: 'Reprocess' }).click();
      await page
        .getByTestId('document-status')
        .filter({ hasText: /queued|processing/ })
        .waitFor();
      await page
        .getByTestId('document-status')
        .filter({ hasText: 'processed' })
        .waitFor({ timeout: 120_000 });

      // Delete, after confirming, and land on the library.
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete this document?' });
      await dialog.waitFor();
      // Contrast is judged once the dialog has faded in.
      await expect
        .poll(() =>
          dialog.evaluate(
            (el) =>
              (
                globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } }
              ).getComputedStyle(el).opacity,
          ),
        )
        .toBe('1');
      await expectAccessible(page, 'delete confirmation');
      await page.getByTestId('confirm-delete').click();
      await page.waitForURL('**/library');
      expect((await api.get(`/api/v1/documents/${pdfId}`)).status).toBe(404);
    },
  );

  it('plays a recording and seeks it from its transcript', { timeout: 240_000 }, async () => {
    const api = await apiOf(admin);
    const id = await api.upload('speech.wav', 'audio/wav', await readFile(SPEECH));
    await api.processed(id, 200_000);
    const page = await admin.newPage();
    await page.goto(`/documents/${id}`);
    // Recordings open on the player with their transcript.
    const segment = page.getByTestId('transcript-segment').last();
    await segment.waitFor();
    const player = page.getByTestId('audio-player');
    await player.evaluate(
      (el: AudioLike) =>
        new Promise<void>((resolve) =>
          el.readyState >= 1 ? resolve() : el.addEventListener('loadedmetadata', () => resolve()),
        ),
    );
    // The server answers range requests, so the whole recording is seekable before it has downloaded.
    expect(await player.evaluate((el: AudioLike) => el.seekable.length > 0 && el.seekable.end(0) > 5)).toBe(
      true,
    );

    // From 8 s in, a click on a segment seeks back to where it was said.
    const startMs = Number(await segment.getAttribute('data-start-ms'));
    await player.evaluate((el: AudioLike) => void (el.currentTime = 8));
    await segment.click();
    await expect
      .poll(() => player.evaluate((el: AudioLike) => Math.round(el.currentTime * 1000)))
      .toBeLessThan(startMs + 2000);
    expect(await player.evaluate((el: AudioLike) => el.currentTime * 1000)).toBeGreaterThanOrEqual(startMs);
    await expectAccessible(page, 'document audio');
    await screenshot(page, 'document-audio');
  });

  it(
    'shows a viewer the document without edit, reprocess or delete controls',
    { timeout: 90_000 },
    async () => {
      const api = await apiOf(admin);
      const collection = await api.send<{ id: string }>('POST', '/api/v1/collections', {
        name: 'Shared handbooks',
      });
      const viewer = await api.send<{ id: string }>('POST', '/api/v1/users', {
        email: 'viola@example.org',
        display_name: 'Viola Viewer',
        role: 'viewer',
        password: 'viewer password long enough',
      });
      await api.send('PUT', `/api/v1/collections/${collection.id}/shares`, {
        principal_type: 'user',
        principal_id: viewer.id,
        role: 'viewer',
      });
      const id = await api.upload('shared.txt', 'text/plain', Buffer.from('A shared note.'), collection.id);
      await api.processed(id);

      const context = await harness.newContext();
      const page = await context.newPage();
      await signIn(page, 'viola@example.org', 'viewer password long enough');
      await page.goto(`/documents/${id}`);
      await page.getByTestId('document-text').waitFor();
      expect(await page.getByText('Shared handbooks').count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Download' }).count()).toBe(1);
      for (const name of ['Edit tags', 'Reprocess', 'Delete']) {
        expect(await page.getByRole('button', { name }).count(), name).toBe(0);
      }

      // A document that is gone (or never was readable) says so, with the server's code.
      await page.goto('/documents/no-such-document');
      await expect(page.getByTestId('error-code').textContent()).resolves.toBe('DOCUMENT_NOT_FOUND');
      await page.getByRole('link', { name: 'Library' }).first().waitFor();
    },
  );
});
