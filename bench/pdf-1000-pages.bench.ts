// A 1,000-page PDF (a heading and a few paragraphs of real text on every page) ingested through the real
// runtime in this process: upload, extraction (pdf.js in its worker thread, which counts: same process),
// chunking and the SQLite write. Samples RSS every 50 ms and also reports the kernel's high-water mark, which
// catches a peak between two samples (chunking and the SQLite write block the event loop). The PDF is made
// in a child process so pdf-lib's memory is not part of this one's. Sizes in MiB. The target is a peak RSS
// below 500 MB. Prints one JSON line.
//
// The embedder is the one `npm start` serves: SIFT_* settings come from the environment, and the models from
// SIFT_MODELS_DIR or else the checkout's ./data/models (bge-small once `npm install` fetched it; without a model
// there Sift falls back to USE-lite, and the line says so).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@sift/config';
import { createRuntime, describeEmbedder } from '@sift/runtime';
import { pdf } from './ingest-fixtures.js';
import { ingestFiles, Prose } from './ingest-support.js';

const PAGES = Number(process.env.BENCH_PDF_PAGES ?? 1_000);
const SAMPLE_MS = 50;
const MB = 1024 ** 2;

if (process.argv[2] === '--generate') {
  await writeFile(process.argv[3]!, await pdf(new Prose(7), Number(process.argv[4])));
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

  const checkoutModels = fileURLToPath(new URL('../data/models', import.meta.url));
  const config = loadConfig({
    ...(existsSync(checkoutModels) ? { SIFT_MODELS_DIR: checkoutModels } : {}),
    ...process.env,
    SIFT_DATA_DIR: path.join(work, 'data'),
    SIFT_LOG_LEVEL: 'silent',
  });
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
    const embedder = runtime.search.embedderStatus();
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
        embedder: embedder ? describeEmbedder(embedder) : 'none',
        embedding_batch_tokens: config.embedding.maxBatchTokens,
      }),
    );
  } finally {
    await runtime.close();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
