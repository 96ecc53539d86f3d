import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DEFAULT_ARCHIVE_LIMITS } from '@sift/core';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { PdfExtractor } from './pdf.extractor.js';

const CORPUS = fileURLToPath(new URL('../../../../../shared/datasets/extraction-dev/', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

async function pdfWithAttachments(files: { name: string; text: string }[]): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([400, 200]).drawText('The report with its data attached.', { x: 20, y: 150, size: 12, font });
  for (const file of files)
    await doc.attach(Buffer.from(file.text), file.name, { mimeType: 'text/plain', description: file.name });
  const path = join(dir, `attached-${files.length}.pdf`);
  await writeFile(path, await doc.save());
  return path;
}

describe('PDF attachments', () => {
  it('hands every embedded file on as a child file with its name and bytes', async () => {
    const path = await pdfWithAttachments([
      { name: 'figures.csv', text: 'region,revenue\nNorth,1250\n' },
      { name: '../notes.txt', text: 'Regressiveness of the tax was discussed.' },
    ]);
    const out = await new PdfExtractor().extract(await extractionInput(path, dir));
    expect(out.text).toContain('The report with its data attached.');
    const byName = new Map(out.embedded.map((f) => [f.name, f]));
    expect([...byName.keys()].sort()).toEqual(['figures.csv', 'notes.txt']);
    expect(await readFile(byName.get('notes.txt')!.path, 'utf8')).toBe(
      'Regressiveness of the tax was discussed.',
    );
    expect(byName.get('figures.csv')!.size).toBe(26);
    expect(out.metadata.attachmentCount).toBe(2);
  });

  it('stops at the upload limits and says how many files it left out', async () => {
    const path = await pdfWithAttachments([
      { name: 'a.txt', text: 'first' },
      { name: 'b.txt', text: 'second' },
      { name: 'c.txt', text: 'third' },
    ]);
    const input = await extractionInput(path, dir);
    const out = await new PdfExtractor().extract({
      ...input,
      archiveLimits: { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 2 },
    });
    expect(out.embedded).toHaveLength(2);
    expect(out.warnings.join(' ')).toContain('1 embedded file(s) over the archive limits');
  });

  it('reads the attachments of real PDFs from Tika’s test suite', async () => {
    const out = await new PdfExtractor().extract(
      await extractionInput(join(CORPUS, 'testPDF_childAttachments.pdf'), dir),
    );
    expect(out.embedded.length).toBeGreaterThan(0);
  });
});
