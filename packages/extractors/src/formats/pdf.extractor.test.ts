import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { AppError, type Ocr, type OcrResult } from '@sift/core';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { PdfExtractor } from './pdf.extractor.js';
import { rejection, rawPdf } from '../testing/pdf-fixtures.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));
const OCR_IMAGE = '/work/shared/fixtures/ocr/testocr.png';

let dir: string;
let textPdf: string;
let scannedPdf: string;

/** An Ocr double that checks what it is given and answers a known text. */
class RecordingOcr implements Ocr {
  readonly calls: { path: string; languages: string[]; png: Buffer }[] = [];
  async recognize(image: string | Uint8Array, options: { languages: string[] }): Promise<OcrResult> {
    if (typeof image !== 'string') throw new Error('expected a file path');
    this.calls.push({ path: image, languages: options.languages, png: await readFile(image) });
    return {
      text: 'This is a lot of 12 point text\n\nThe quick brown dog',
      confidence: 0.9,
      blocks: [
        { text: 'This is a lot of 12 point text', confidence: 0.93 },
        { text: 'The quick brown dog', confidence: 0.87 },
      ],
      engine: { name: 'fake-ocr', version: '1' },
    };
  }
  async close(): Promise<void> {}
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

beforeAll(async () => {
  dir = await makeTempDir();
  const doc = await PDFDocument.create();
  doc.setTitle('Annual Review');
  doc.setAuthor('Zofia Kowalska');
  doc.setSubject('Results');
  doc.setKeywords(['finance; review']);
  doc.setCreationDate(new Date('2024-03-05T10:20:30Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const p1 = doc.addPage([595, 842]);
  p1.drawText('Introduction', { x: 50, y: 780, size: 20, font });
  p1.drawText('The first paragraph explains how the hyphen-', { x: 50, y: 740, size: 12, font });
  p1.drawText('ated words get joined again.', { x: 50, y: 725, size: 12, font });
  p1.drawText('A second paragraph follows the gap.', { x: 50, y: 690, size: 12, font });
  const p2 = doc.addPage([595, 842]);
  p2.drawText('Page two carries the conclusion.', { x: 50, y: 780, size: 12, font });
  textPdf = join(dir, 'text.pdf');
  await writeFile(textPdf, await doc.save());

  const scan = await PDFDocument.create();
  const f2 = await scan.embedFont(StandardFonts.Helvetica);
  scan
    .addPage([595, 842])
    .drawText('This page has a real text layer to keep.', { x: 50, y: 780, size: 12, font: f2 });
  const image = await scan.embedPng(await readFile(OCR_IMAGE));
  scan.addPage([640, 480]).drawImage(image, { x: 0, y: 0, width: 640, height: 480 });
  scannedPdf = join(dir, 'scanned.pdf');
  await writeFile(scannedPdf, await scan.save());
});

afterAll(() => removeTempDir(dir));

describe('PdfExtractor', () => {
  it('extracts each page as a span of paragraphs, rejoining hyphenated line ends', async () => {
    const progress: number[] = [];
    const out = await new PdfExtractor().extract(
      await extractionInput(textPdf, dir, { onProgress: (f) => progress.push(f) }),
    );
    expect(expectConsistentOffsets(out)).toEqual([
      'Introduction',
      'The first paragraph explains how the hyphenated words get joined again.',
      'A second paragraph follows the gap.',
      'Page two carries the conclusion.',
    ]);
    expect(
      out.pages.map((p) => ({ n: p.number, source: p.source, text: out.text.slice(p.start, p.end) })),
    ).toEqual([
      {
        n: 1,
        source: 'text-layer',
        text: 'Introduction\n\nThe first paragraph explains how the hyphenated words get joined again.\n\nA second paragraph follows the gap.',
      },
      { n: 2, source: 'text-layer', text: 'Page two carries the conclusion.' },
    ]);
    expect(out.blocks.map((b) => b.page)).toEqual([1, 1, 1, 2]);
    expect(progress).toEqual([0.5, 1]);
    expect(out.warnings).toEqual([]);
  });

  it('reports title, author, subject, keywords, creation date and page count with the pdf.js version', async () => {
    const out = await new PdfExtractor().extract(await extractionInput(textPdf, dir));
    expect(out.metadata).toMatchObject({
      title: 'Annual Review',
      author: 'Zofia Kowalska',
      subject: 'Results',
      keywords: ['finance', 'review'],
      createdAt: '2024-03-05T10:20:30.000Z',
      pageCount: 2,
    });
    const pkg = JSON.parse(
      await readFile(new URL('../../../../node_modules/pdfjs-dist/package.json', import.meta.url), 'utf8'),
    );
    expect(out.extractor).toEqual({ name: 'pdfjs-dist', version: pkg.version });
  });

  it('renders a page without a text layer to PNG at 200 dpi, OCRs it and deletes the image', async () => {
    const ocr = new RecordingOcr();
    const input = await extractionInput(scannedPdf, dir, { ocrLanguages: ['eng', 'deu'] });
    const out = await new PdfExtractor({ ocr }).extract(input);
    expect(ocr.calls).toHaveLength(1);
    const call = ocr.calls[0]!;
    expect(call.path.startsWith(input.workDir)).toBe(true);
    expect(call.languages).toEqual(['eng', 'deu']);
    // The page is 640x480 pt; pdftoppm rounds 200 dpi up to 1778x1334 px.
    expect(pngSize(call.png)).toEqual({
      width: Math.ceil((640 * 200) / 72),
      height: Math.ceil((480 * 200) / 72),
    });
    expect(await readdir(input.workDir)).toEqual([]);

    expect(expectConsistentOffsets(out)).toEqual([
      'This page has a real text layer to keep.',
      'This is a lot of 12 point text',
      'The quick brown dog',
    ]);
    expect(out.pages.map((p) => p.source)).toEqual(['text-layer', 'ocr']);
    expect(out.blocks.map((b) => [b.page, b.confidence])).toEqual([
      [1, undefined],
      [2, 0.93],
      [2, 0.87],
    ]);
    expect(out.metadata.ocrEngine).toEqual({ name: 'fake-ocr', version: '1' });
    expect(out.warnings).toEqual([]);
  });

  it('keeps an image-only page empty with a warning when no OCR engine is configured', async () => {
    const out = await new PdfExtractor().extract(await extractionInput(scannedPdf, dir));
    expect(expectConsistentOffsets(out)).toEqual(['This page has a real text layer to keep.']);
    expect(out.pages[1]).toMatchObject({ number: 2, source: 'text-layer' });
    expect(out.pages[1]!.end).toBe(out.pages[1]!.start);
    expect(out.warnings).toEqual([expect.stringMatching(/^Page 2 has no text layer .*no OCR engine/u)]);
  });

  it('warns naming poppler-utils, without failing, when pdftoppm is not installed', async () => {
    const ocr = new RecordingOcr();
    const out = await new PdfExtractor({ ocr, pdftoppmPath: '/nonexistent/pdftoppm' }).extract(
      await extractionInput(scannedPdf, dir),
    );
    expect(ocr.calls).toEqual([]);
    expect(expectConsistentOffsets(out)).toEqual(['This page has a real text layer to keep.']);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/^Page 2 .*pdftoppm.*poppler-utils/u);
  });

  it('warns and keeps the page empty when the OCR engine fails on it, deleting the rendered image', async () => {
    const rendered: string[] = [];
    const failing: Ocr = {
      recognize: async (image) => {
        rendered.push(String(image));
        throw new AppError('OCR_FAILED', 'third_party', 'engine crashed');
      },
      close: async () => {},
    };
    const input = await extractionInput(scannedPdf, dir);
    const out = await new PdfExtractor({ ocr: failing }).extract(input);
    expect(rendered).toHaveLength(1);
    expect(expectConsistentOffsets(out)).toEqual(['This page has a real text layer to keep.']);
    expect(out.warnings).toEqual(["Page 2 has no text layer and could not be OCR'd: engine crashed"]);
    expect(await readdir(input.workDir)).toEqual([]);
  });

  it('fails with DOCUMENT_CORRUPT for a PDF cut in half', async () => {
    const bytes = await readFile(textPdf);
    const path = join(dir, 'truncated.pdf');
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const err = await rejection(new PdfExtractor().extract(await extractionInput(path, dir)));
    expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', category: 'user', retryable: false });
  });

  it('fails with DOCUMENT_CORRUPT for random bytes named .pdf', async () => {
    const path = join(dir, 'random.pdf');
    await writeFile(path, randomBytes(4096));
    const err = await rejection(new PdfExtractor().extract(await extractionInput(path, dir)));
    expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', retryable: false });
  });

  it('keeps going past a page whose dictionary is broken, with a warning for that page', async () => {
    const path = join(dir, 'broken-page.pdf');
    await writeFile(
      path,
      rawPdf(
        '/Kids [3 0 R 9 0 R] /Count 2',
        '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >> endobj',
      ),
    );
    const out = await new PdfExtractor().extract(await extractionInput(path, dir));
    expect(out.pages.map((p) => p.number)).toEqual([1, 2]);
    expect(out.warnings).toContainEqual(expect.stringMatching(/^Page 2 could not be read: /u));
  });

  it('fails with DOCUMENT_CORRUPT when no page at all can be read', async () => {
    const path = join(dir, 'no-readable-page.pdf');
    await writeFile(path, rawPdf('/Kids [9 0 R] /Count 1', ''));
    const err = await rejection(new PdfExtractor().extract(await extractionInput(path, dir)));
    expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', retryable: false, details: { pages: 1 } });
  });

  it('fails with DOCUMENT_ENCRYPTED for a password-protected PDF', async () => {
    const err = await rejection(
      new PdfExtractor().extract(await extractionInput(join(FIXTURES, 'encrypted.pdf'), dir)),
    );
    expect(err).toMatchObject({ code: 'DOCUMENT_ENCRYPTED', category: 'user', retryable: false });
  });

  it('stops with the abort reason when the extraction is cancelled', async () => {
    const ac = new AbortController();
    const reason = new Error('cancelled');
    const input = await extractionInput(textPdf, dir, {
      signal: ac.signal,
      onProgress: () => ac.abort(reason),
    });
    await expect(new PdfExtractor().extract(input)).rejects.toBe(reason);
  });
});
