// A 1,000-page PDF (a heading and a few paragraphs of real text on every page) ingested through the real
// runtime in this process: upload, extraction with pdf.js, chunking and the SQLite write. Samples RSS every
// 50 ms and also reports the kernel's high-water mark, which catches a peak between two samples (the event
// loop is blocked while pdf.js parses). The PDF is generated in a child process so pdf-lib's memory is not
// part of this one's. The target is a peak RSS below 500 MB. Prints one JSON line.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@sift/config';
import { createRuntime } from '@sift/runtime';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import { ingestFiles, Prose } from './ingest-support.js';

const PAGES = Number(process.env.BENCH_PDF_PAGES ?? 1_000);
const SAMPLE_MS = 50;
const MB = 1024 ** 2;

/** Splits a paragraph into lines no wider than `width` points. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

async function generatePdf(out: string, pages: number): Promise<void> {
  const prose = new Prose(7);
  const pdf = await PDFDocument.create();
  pdf.setTitle('Benchmark report');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  for (let n = 1; n <= pages; n++) {
    const page = pdf.addPage([595, 842]);
    let y = 790;
    page.drawText(`Section ${n}: ${prose.sentence().slice(0, 50)}`, { x: 50, y, size: 16, font: bold });
    y -= 34;
    const paragraphs = 3 + Math.floor(prose.random() * 3);
    for (let p = 0; p < paragraphs && y > 120; p++) {
      for (const line of wrap(prose.paragraph(), font, 11, 495)) {
        if (y < 60) break;
        page.drawText(line, { x: 50, y, size: 11, font });
        y -= 15;
      }
      y -= 12;
    }
    page.drawText(String(n), { x: 290, y: 30, size: 9, font });
  }
  await writeFile(out, await pdf.save());
}

if (process.argv[2] === '--generate') {
  await generatePdf(process.argv[3]!, Number(process.argv[4]));
  process.exit(0);
}

const work = await mkdtemp(path.join(tmpdir(), 'sift-bench-pdf-'));
try {
  const file = path.join(work, 'report-1000-pages.pdf');
  const self = fileURLToPath(import.meta.url);
  const gen = spawnSync(process.execPath, ['--import', 'tsx', self, '--generate', file, String(PAGES)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (gen.status !== 0) throw new Error(`generating the PDF failed with exit code ${gen.status}`);
  const bytes = (await stat(file)).size;

  const config = loadConfig({ SIFT_DATA_DIR: path.join(work, 'data'), SIFT_LOG_LEVEL: 'silent' });
  const runtime = await createRuntime(config);
  try {
    await runtime.startWorkers();
    globalThis.gc?.();
    const baseline = process.memoryUsage().rss;
    let sampledPeak = baseline;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
    }, SAMPLE_MS);
    const run = await ingestFiles(runtime, [file]).finally(() => clearInterval(sampler));
    // maxRSS is the process's peak since it started; the PDF was made elsewhere, so nothing before the
    // ingest comes near it.
    const kernelPeak = process.resourceUsage().maxRSS * 1024;
    const doc = run.documents[0]!;
    const pageCount = (doc.metadata.extracted as { pageCount?: number } | undefined)?.pageCount;
    if (pageCount !== PAGES) throw new Error(`extracted ${pageCount} pages, expected ${PAGES}`);
    const round = (n: number) => Math.round(n * 10) / 10;
    console.log(
      JSON.stringify({
        bench: 'pdf_1000_pages',
        pages: PAGES,
        mb: round(bytes / MB),
        seconds: round(run.seconds),
        pages_per_s: round(PAGES / run.seconds),
        peak_rss_mb: round(Math.max(sampledPeak, kernelPeak) / MB),
        sampled_peak_rss_mb: round(sampledPeak / MB),
        baseline_rss_mb: round(baseline / MB),
        chunks: doc.chunkCount,
      }),
    );
  } finally {
    await runtime.close();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
