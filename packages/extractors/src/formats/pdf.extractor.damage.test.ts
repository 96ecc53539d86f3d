import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Ocr, OcrResult } from '@sift/core';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { PdfExtractor } from './pdf.extractor.js';
import { rejection, rawPdf } from '../testing/pdf-fixtures.js';

/**
 * Damaged PDFs must not end as documents without text: a PDF that pdf.js cannot open, or none of whose pages
 * decode, is DOCUMENT_CORRUPT; a damaged page among readable ones is left out with a warning.
 */
const EXTRACTION_DEV = fileURLToPath(
  new URL('../../../../../shared/datasets/extraction-dev/', import.meta.url),
);

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

/** An Ocr that counts its calls and finds nothing. */
class CountingOcr implements Ocr {
  calls = 0;
  async recognize(): Promise<OcrResult> {
    this.calls++;
    return { text: '', confidence: 0, blocks: [], engine: { name: 'counting-ocr', version: '1' } };
  }
  async close(): Promise<void> {}
}

/** A PDF of `texts.length` pages, one line of Helvetica on each (pdf-lib compresses each content stream). */
async function pdfOf(texts: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of texts) doc.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 12, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
const onePagePdf = () => pdfOf(['Only page text that is long enough.']);
const twoPagePdf = () =>
  pdfOf(['First page text that is long enough.', 'Second page text that is long enough.']);

/**
 * Overwrites the data of the first stream at or after `from` (keeping its two-byte zlib header) with a fixed
 * pattern: a deterministic damaged stream whose Flate data no longer decodes.
 */
function damageStream(pdf: Buffer, from: number): Buffer {
  const copy = Buffer.from(pdf);
  const keyword = copy.indexOf('stream', from) + 'stream'.length;
  // The keyword ends its line with CRLF or LF; the data starts after it.
  const start = keyword + (copy[keyword] === 0x0d ? 2 : 1) + 2;
  const end = copy.indexOf('endstream', start) - 1;
  for (let i = start; i < end; i++) copy[i] = (i * 37 + 11) & 0xff;
  return copy;
}

describe('PdfExtractor on damaged files', () => {
  it.each([0.1, 0.5, 0.9])(
    'fails with DOCUMENT_CORRUPT for a real PDF cut to %s of its length',
    async (share) => {
      const bytes = await readFile(join(EXTRACTION_DEV, 'testPDF.pdf'));
      const path = join(dir, `cut-${share}.pdf`);
      await writeFile(path, bytes.subarray(0, Math.floor(bytes.length * share)));
      const err = await rejection(new PdfExtractor().extract(await extractionInput(path, dir)));
      expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', category: 'user', retryable: false });
    },
  );

  it('fails with DOCUMENT_CORRUPT, without OCR, when the only page’s content does not decode', async () => {
    const path = join(dir, 'damaged-content.pdf');
    await writeFile(path, damageStream(await onePagePdf(), 0));
    const ocr = new CountingOcr();
    const err = await rejection(new PdfExtractor({ ocr }).extract(await extractionInput(path, dir)));
    expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', details: { pages: 1 } });
    expect(String(err.details.firstProblem)).toMatch(/^Page 1 is damaged and its text could not be read: /u);
    expect(ocr.calls).toBe(0);
  });

  it('fails with DOCUMENT_CORRUPT for a real PDF whose text-bearing form does not decode', async () => {
    const bytes = await readFile(join(EXTRACTION_DEV, 'testPDF_rotated.pdf'));
    const path = join(dir, 'damaged-form.pdf');
    // Object 24 is the form XObject that draws all of the page's text.
    await writeFile(path, damageStream(bytes, bytes.indexOf('24 0 obj')));
    const err = await rejection(new PdfExtractor().extract(await extractionInput(path, dir)));
    expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', retryable: false });
    expect(String(err.details.firstProblem)).toContain('ignoring XObject');
  });

  it('keeps the pages that decode and warns about the damaged one', async () => {
    const path = join(dir, 'one-damaged-page.pdf');
    await writeFile(path, damageStream(await twoPagePdf(), 0));
    const out = await new PdfExtractor().extract(await extractionInput(path, dir));
    expect(expectConsistentOffsets(out)).toEqual(['Second page text that is long enough.']);
    expect(out.pages.map((p) => p.number)).toEqual([1, 2]);
    expect(out.warnings).toEqual([
      expect.stringMatching(
        /^Page 1 is damaged and its text could not be read: getContentStream - ignoring/u,
      ),
    ]);
  });

  it('keeps the text of a page one of whose content streams does not decode, with a warning', async () => {
    const text = 'BT /F1 12 Tf 50 700 Td (Readable text of the first stream) Tj ET';
    const path = join(dir, 'partly-damaged.pdf');
    await writeFile(
      path,
      rawPdf(
        '/Kids [3 0 R] /Count 1',
        [
          '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 5 0 R]',
          '/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >> endobj',
          `4 0 obj << /Length ${text.length} >> stream\n${text}\nendstream endobj`,
          '5 0 obj << /Length 8 /Filter /FlateDecode >> stream\nxZZZZZZZ\nendstream endobj',
        ].join('\n'),
      ),
      'latin1',
    );
    const out = await new PdfExtractor().extract(await extractionInput(path, dir));
    expect(expectConsistentOffsets(out)).toEqual(['Readable text of the first stream']);
    expect(out.warnings).toEqual([
      expect.stringMatching(/^Page 1 is partly damaged; some of its text may be missing: /u),
    ]);
  });
});
