// Lexical retrieval quality on real data: SciFact (train split) and Cranfield, each corpus document stored as
// one document with one chunk (title as the document title) through saveContent on a temp SQLite store, every
// judged query searched through SqliteLexicalIndex (top 100) and scored by core's eval (nDCG@10, Recall@100,
// MRR@10). The product's bar is a plain BM25 (k1 0.9, b 0.4): 0.667 on SciFact and 0.312 on Cranfield; the
// process exits 1 below it. BENCH_LEXICAL_WEIGHTS="content,heading,title" tries other column weights;
// BENCH_LEXICAL_PRUNING="commonShare,minRows,candidates" (or "none") other two-phase ranking: with minRows 0
// it prunes these small sets as the default prunes 1M chunks (its floor leaves them on one exact statement).
// Prints one JSON line.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_LEXICAL_WEIGHTS,
  type LexicalColumnWeights,
  type LexicalPruning,
} from '@sift/adapter-sqlite';
import { loadBeirDataset, runEvaluation } from '@sift/core';
import { openBenchStore, percentile, saveDocument } from './lexical-support.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATASETS = process.env.BENCH_DATASETS_DIR ?? path.join(root, '..', 'shared', 'datasets');
const SETS = [
  { name: 'scifact', dir: 'scifact-train', split: 'train', bar: 0.667 },
  { name: 'cranfield', dir: 'cranfield', split: 'test', bar: 0.312 },
];

function weightsFromEnv(): LexicalColumnWeights {
  const given = process.env.BENCH_LEXICAL_WEIGHTS?.split(',').map(Number);
  if (!given) return DEFAULT_LEXICAL_WEIGHTS;
  const [content, heading, title] = given;
  return { content: content!, heading: heading!, title: title! };
}

const weights = weightsFromEnv();
const pruningEnv = process.env.BENCH_LEXICAL_PRUNING?.split(',').map(Number);
const pruning: LexicalPruning | null | undefined =
  process.env.BENCH_LEXICAL_PRUNING === 'none'
    ? null
    : pruningEnv && { commonShare: pruningEnv[0]!, minRows: pruningEnv[1]!, candidates: pruningEnv[2]! };
const result: Record<string, unknown> = { bench: 'lexical_quality', weights, pruning };
let passes = true;
for (const set of SETS) {
  const dataset = await loadBeirDataset(path.join(DATASETS, set.dir), set.split);
  const bench = await openBenchStore({ weights, pruning });
  try {
    const ingestStart = performance.now();
    // One transaction around the whole corpus: saveContent's own transactions become savepoints.
    bench.db.exec('BEGIN');
    for await (const doc of dataset.corpus) {
      await saveDocument(bench.store, { id: doc.id, title: doc.title || null, chunks: [doc.text] });
    }
    bench.db.exec('COMMIT');
    const ingestMs = performance.now() - ingestStart;
    const latencies: number[] = [];
    const metrics = await runEvaluation({
      dataset,
      mode: 'lexical',
      k: 100,
      concurrency: 1,
      search: async (query, k) => {
        const started = performance.now();
        const hits = await bench.index.search(query, { filter: {}, limit: k });
        latencies.push(performance.now() - started);
        return hits.map((hit) => hit.documentId);
      },
    });
    passes &&= metrics.ndcg_at_10 >= set.bar;
    result[set.name] = {
      docs: dataset.corpusSize,
      queries: metrics.queries,
      ndcg_at_10: round(metrics.ndcg_at_10),
      recall_at_100: round(metrics.recall_at_100),
      mrr_at_10: round(metrics.mrr_at_10),
      bar_ndcg_at_10: set.bar,
      ingest_s: round(ingestMs / 1000, 1),
      query_p50_ms: round(percentile(latencies, 50), 2),
      query_p95_ms: round(percentile(latencies, 95), 2),
    };
  } finally {
    bench.close();
  }
}
result.passes = passes;
console.log(JSON.stringify(result));
if (!passes) process.exitCode = 1;

function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}
