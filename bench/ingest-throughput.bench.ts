// Ingestion throughput per format through the real runtime: upload (blob write, type detection, row, task),
// then the workers' extract → chunk → index, until every document is processed. Each format runs on a fresh
// runtime and data dir with default settings (2 document jobs at a time), after one warm-up document of that
// format (so lazy loads — pdf.js's worker, the tokenizer, language models — are not billed to one format).
// Small unique documents: 200 per text format, 50 per office/PDF format (override with BENCH_INGEST_TEXT_DOCS
// and BENCH_INGEST_BINARY_DOCS). mb_per_s counts input bytes (10^6). Prints one JSON line.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@sift/config';
import { createRuntime } from '@sift/runtime';
import { FORMATS, writeDocument, type BenchFormat } from './ingest-fixtures.js';
import { ingestFiles, type IngestRun } from './ingest-support.js';

const TEXT_DOCS = Number(process.env.BENCH_INGEST_TEXT_DOCS ?? 200);
const BINARY_DOCS = Number(process.env.BENCH_INGEST_BINARY_DOCS ?? 50);
const BINARY: ReadonlySet<BenchFormat> = new Set(['docx', 'pdf', 'xlsx']);

async function generate(dir: string, format: BenchFormat, count: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `doc-${String(i).padStart(4, '0')}.${format}`);
    await writeDocument(format, file, i);
    files.push(file);
  }
  return files;
}

async function measure(
  work: string,
  format: BenchFormat,
  files: string[],
  warmUp: string,
): Promise<IngestRun> {
  const dataDir = path.join(work, `data-${format}`);
  const runtime = await createRuntime(loadConfig({ SIFT_DATA_DIR: dataDir, SIFT_LOG_LEVEL: 'silent' }));
  try {
    await runtime.startWorkers();
    await ingestFiles(runtime, [warmUp]);
    return await ingestFiles(runtime, files);
  } finally {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const work = await mkdtemp(path.join(tmpdir(), 'sift-bench-ingest-'));
try {
  const figures: Record<string, number> = {};
  let docs = 0;
  let bytes = 0;
  let seconds = 0;
  for (const format of FORMATS) {
    const count = BINARY.has(format) ? BINARY_DOCS : TEXT_DOCS;
    // The warm-up document gets a seed no measured document uses, so it cannot deduplicate one of them.
    const warmUp = path.join(work, `warm.${format}`);
    await writeDocument(format, warmUp, 1_000_000);
    const files = await generate(path.join(work, format), format, count);
    const run = await measure(work, format, files, warmUp);
    const chunks = run.documents.reduce((n, d) => n + d.chunkCount, 0);
    if (chunks < count) throw new Error(`${format}: only ${chunks} chunks for ${count} documents`);
    figures[`${format}_docs_per_s`] = Math.round((count / run.seconds) * 10) / 10;
    figures[`${format}_mb_per_s`] = Math.round((run.bytes / 1e6 / run.seconds) * 100) / 100;
    docs += count;
    bytes += run.bytes;
    seconds += run.seconds;
  }
  console.log(
    JSON.stringify({
      bench: 'ingest_throughput',
      docs_per_text_format: TEXT_DOCS,
      docs_per_binary_format: BINARY_DOCS,
      ...figures,
      all_docs_per_s: Math.round((docs / seconds) * 10) / 10,
      all_mb_per_s: Math.round((bytes / 1e6 / seconds) * 100) / 100,
      all_seconds: Math.round(seconds * 10) / 10,
    }),
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
