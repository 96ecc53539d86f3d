// Embedding through the ingest pipeline vs the raw embedder: the first BENCH_PIPELINE_DOCS (default 300) SciFact
// abstracts are written as Markdown files and ingested by a real runtime (upload → extract → chunk → embed with
// the default embedder — SIFT_EMBEDDER=auto: a real model when one is installed, else USE-lite — through the
// cached embedder → one transaction with chunks, FTS rows and vectors). Then the very texts the pipeline embedded
// are embedded again by a fresh embedder of the same kind alone. The overhead is how much longer the pipeline took
// than the raw embedding of the same texts (goal ≤ 10%). Also reports SciFact ingest docs/s. SIFT_* variables of
// the environment apply (SIFT_MODELS_DIR, SIFT_EMBEDDER, SIFT_EMBEDDING_DTYPE, …), except the data dir and log
// level. Prints one JSON line. Needs ../shared/datasets/scifact-train (BENCH_DATASETS_DIR overrides).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@sift/config';
import { embeddingText, loadBeirDataset } from '@sift/core';
import { createEmbedder, createLogger, createRuntime, describeEmbedder } from '@sift/runtime';
import { ingestFiles } from './ingest-support.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATASETS = process.env.BENCH_DATASETS_DIR ?? path.join(root, '..', 'shared', 'datasets');
const DOCS = Number(process.env.BENCH_PIPELINE_DOCS ?? 300);

const work = await mkdtemp(path.join(tmpdir(), 'sift-bench-embed-'));
try {
  const dataset = await loadBeirDataset(path.join(DATASETS, 'scifact-train'), 'train');
  const files: string[] = [];
  await mkdir(path.join(work, 'corpus'));
  for await (const doc of dataset.corpus) {
    if (files.length === DOCS) break;
    const file = path.join(work, 'corpus', `${doc.id}.md`);
    await writeFile(file, doc.title ? `# ${doc.title}\n\n${doc.text}\n` : `${doc.text}\n`);
    files.push(file);
  }
  const config = loadConfig({
    ...process.env,
    SIFT_DATA_DIR: path.join(work, 'data'),
    SIFT_LOG_LEVEL: 'warn',
  });
  const runtime = await createRuntime(config, { logger: createLogger(config, process.stderr) });
  let pipelineSeconds: number;
  const texts: string[] = [];
  try {
    // Load the model first: start-up is not throughput.
    await runtime.search.embedder!.info();
    await runtime.startWorkers();
    const run = await ingestFiles(runtime, files);
    pipelineSeconds = run.seconds;
    for (const doc of run.documents) {
      for (const chunk of await runtime.metadata.documents.listChunks(doc.id, { limit: 1000 })) {
        texts.push(
          embeddingText({ title: doc.title, headingPath: chunk.headingPath, content: chunk.content }),
        );
      }
    }
  } finally {
    await runtime.close();
  }
  const raw = createEmbedder(config)!;
  await raw.info();
  const started = performance.now();
  await raw.embed(texts, { kind: 'passage' });
  const rawSeconds = (performance.now() - started) / 1000;
  await raw.close();
  const round = (x: number) => Math.round(x * 100) / 100;
  console.log(
    JSON.stringify({
      bench: 'embedding_pipeline',
      embedder: describeEmbedder(raw.status()),
      docs: files.length,
      chunks: texts.length,
      raw_texts_per_s: round(texts.length / rawSeconds),
      pipeline_chunks_per_s: round(texts.length / pipelineSeconds),
      pipeline_overhead_pct: round((pipelineSeconds / rawSeconds - 1) * 100),
      scifact_ingest_docs_per_s: round(files.length / pipelineSeconds),
    }),
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
