import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { PdfExtractor } from './pdf.extractor.js';
import { PdfWorkerPool } from './pdf-reader.js';
import { rejection } from '../testing/pdf-fixtures.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));

let dir: string;
let textPdf: string;
let crowdedPdf: string;

/** One page with `items` separately placed text runs: pdf.js holds every one of them at once. */
function crowdedPage(items: number): string {
  const ops: string[] = [];
  for (let i = 0; i < items; i++) {
    ops.push(`1 0 0 1 ${(Math.floor(i / 700) * 7) % 600} ${750 - (i % 700)} Tm (w${i % 10}) Tj`);
  }
  const content = `BT /F1 1 Tf\n${ops.join('\n')}\nET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  return `${out}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
}

/** A stand-in worker script: `onOpen`/`onPage` are JavaScript statements run for those requests. */
async function stubWorker(name: string, body: { onLoad?: string; onPage?: string }): Promise<URL> {
  const path = join(dir, `${name}.mjs`);
  await writeFile(
    path,
    [
      "import { parentPort } from 'node:worker_threads';",
      body.onLoad ?? '',
      'parentPort.on("message", (m) => {',
      '  if (m.op === "open") parentPort.postMessage({ id: m.id, ok: true, result: { pages: 2, info: {} } });',
      `  else if (m.op === "page") { ${body.onPage ?? ''} }`,
      '  else parentPort.postMessage({ id: m.id, ok: true, result: null });',
      '});',
      'parentPort.postMessage({ ready: true });',
    ].join('\n'),
  );
  return pathToFileURL(path);
}

beforeAll(async () => {
  dir = await makeTempDir();
  const doc = await PDFDocument.create();
  doc.setTitle('Worker Test');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('Read in a worker thread.', { x: 50, y: 780, size: 12, font });
  doc.addPage([595, 842]).drawText('Second page.', { x: 50, y: 780, size: 12, font });
  textPdf = join(dir, 'text.pdf');
  await writeFile(textPdf, await doc.save());
  crowdedPdf = join(dir, 'crowded.pdf');
  await writeFile(crowdedPdf, crowdedPage(150_000), 'latin1');
});

afterAll(() => removeTempDir(dir));

describe('PdfWorkerPool', () => {
  it('reads the page count, the information strings and each page’s glyph runs in a worker', async () => {
    const reader = await new PdfWorkerPool().open(textPdf);
    expect(reader.pages).toBe(2);
    expect(reader.info.Title).toBe('Worker Test');
    expect((await reader.page(1)).items.map((item) => item.str).join('')).toBe('Read in a worker thread.');
    // A gap wider than 0.1 em ends a run (pdf.js is loaded so): each word comes with its own position.
    const words = (await reader.page(2)).items.filter((item) => item.str.trim() !== '');
    expect(words.map((w) => [w.str, w.transform[5]])).toEqual([
      ['Second', 780],
      ['page.', 780],
    ]);
    expect(words[1]!.transform[4]).toBeGreaterThan(words[0]!.transform[4]! + words[0]!.width);
    expect((await reader.page(2)).problems).toEqual([]);
    expect((await reader.page(2)).annotations).toEqual([]);
    await reader.close();
  });

  it('passes pdf.js’s own error on, and the same pool reads the next PDF', async () => {
    const pool = new PdfWorkerPool();
    const err = await pool.open(join(FIXTURES, 'encrypted.pdf')).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.name).toBe('PasswordException');
    const reader = await pool.open(textPdf);
    expect(reader.pages).toBe(2);
    await reader.close();
  });

  it('keeps a worker warm after a small PDF but ends one whose heap grew past keepWarmHeapMb', async () => {
    const pool = new PdfWorkerPool();
    const small = await pool.open(textPdf);
    await small.close();
    expect(pool.idleWorkers).toBe(1);
    const again = await pool.open(textPdf);
    expect(pool.idleWorkers).toBe(0);
    await again.close();
    expect(pool.idleWorkers).toBe(1);

    // pdf.js alone needs more than 1 MB of heap, so under this setting no worker is ever kept.
    const strict = new PdfWorkerPool({ keepWarmHeapMb: 1 });
    const reader = await strict.open(textPdf);
    await reader.close();
    expect(strict.idleWorkers).toBe(0);
    const next = await strict.open(textPdf);
    expect(next.pages).toBe(2);
    await next.close();
  });

  it('lets the process exit while a worker waits idle for the next PDF', () => {
    const script = [
      `import { PdfWorkerPool } from ${JSON.stringify(fileURLToPath(new URL('./pdf-reader.ts', import.meta.url)))};`,
      'const pool = new PdfWorkerPool({ idleMs: 600_000 });',
      `const reader = await pool.open(${JSON.stringify(textPdf)});`,
      'console.log(reader.pages);',
      'await reader.close();',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    expect({ status: run.status, signal: run.signal, stdout: run.stdout }).toEqual({
      status: 0,
      signal: null,
      stdout: '2\n',
    });
  });
});

describe('PdfExtractor on worker threads', () => {
  it('fails with DOCUMENT_TOO_COMPLEX when a page needs more than the heap cap; the next PDF still reads', async () => {
    const extractor = new PdfExtractor({ workers: { maxHeapMb: 40 } });
    const err = await rejection(extractor.extract(await extractionInput(crowdedPdf, dir)));
    expect(err).toMatchObject({
      code: 'DOCUMENT_TOO_COMPLEX',
      category: 'user',
      retryable: false,
      details: { limitMb: 40 },
    });
    const out = await extractor.extract(await extractionInput(textPdf, dir));
    expect(out.text).toBe('Read in a worker thread.\n\nSecond page.');
  });

  it('fails with PDF_READER_FAILED (retryable) when the worker cannot start', async () => {
    const script = await stubWorker('throws-on-load', { onLoad: 'throw new Error("no pdf.js here");' });
    const err = await rejection(
      new PdfExtractor({ workers: { script } }).extract(await extractionInput(textPdf, dir)),
    );
    expect(err).toMatchObject({
      code: 'PDF_READER_FAILED',
      category: 'system',
      retryable: true,
      details: { reason: 'no pdf.js here' },
    });
  });

  it('fails the document with PDF_READER_FAILED, not a page warning, when the worker dies on a page', async () => {
    const script = await stubWorker('exits-on-page', { onPage: 'process.exit(3);' });
    const err = await rejection(
      new PdfExtractor({ workers: { script } }).extract(await extractionInput(textPdf, dir)),
    );
    expect(err).toMatchObject({
      code: 'PDF_READER_FAILED',
      details: { reason: 'the PDF worker exited with code 3' },
    });
  });

  it('rejects with the abort reason when cancelled while the worker is busy with a page', async () => {
    const script = await stubWorker('hangs-on-page-2', {
      onPage:
        'if (m.page === 1) parentPort.postMessage({ id: m.id, ok: true, result: { items: [{ str: "First page text", transform: [12, 0, 0, 12, 50, 780], width: 90, height: 12, hasEOL: false }], problems: [] } });',
    });
    const ac = new AbortController();
    const reason = new Error('cancelled');
    const input = await extractionInput(textPdf, dir, {
      signal: ac.signal,
      // Page 1 is done; page 2 never answers, so only the abort can end the extraction.
      onProgress: () => setImmediate(() => ac.abort(reason)),
    });
    await expect(new PdfExtractor({ workers: { script } }).extract(input)).rejects.toBe(reason);
  });
});
