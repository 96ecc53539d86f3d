// Search latency through SearchService.search (limit 10) on real SQLite data files of 5k, 100k and 1M chunks:
// documents of 10 chunks of 120 Zipf-distributed words, each chunk with a synthetic 512-dimensional unit
// vector (search-corpus.ts), all written by saveContent (search-support.ts). Vectors cluster by topic (1,024
// topics, cosine ~0.5 inside one); each query is 2–8 words of a sampled chunk, and the bench's embedder maps it
// next to that chunk's vector, so both legs have a true answer. For each size, one JSON line:
// - p50/p95 ms of 200 queries per mode (lexical, semantic, hybrid), after 20 warm-up queries, and how often
//   the sampled chunk is among the 10 hits (source_at_10);
// - for spaces searched through the ANN index (above the adapter's 20k threshold): recall@10 of the ANN
//   against exact search (VectorIndex.search with `exact: true`), the HNSW parameters the index was built
//   with, the RSS growth per 100k vectors from loading it and running the semantic queries, split into
//   anonymous and file-backed memory (the index is memory-mapped, so the file part counts the pages searches
//   touched, plus the SQLite pages re-scoring read through mmap), and the index file size per 100k;
// - build times from when the data set was built (reruns reuse bench/.cache/search-<N>; delete it to rebuild),
//   and the merge of the lexical index's segments on opening (IndexCompactor's, once ingestion is quiet).
//   The first run of 1M writes ~7 GB and takes ~20 min here (~9 min of saveContent, ~9 min of single-thread
//   ANN build); 100k ~0.7 GB and ~2 min. Exact search for recall adds ~5 s per query at 1M (50 queries).
// Progress goes to stderr. Goals (issue): hybrid p95 ≤ 50 ms at 100k and ≤ 150 ms at 1M on 2 cores.
//
// SIFT_BENCH_SIZES  comma-separated chunk counts (default 5000,100000,1000000)
// SIFT_BENCH_HNSW   connectivity,expansionAdd,expansionSearch[,quantization] for every ANN size (default: the
//                   adapter's). Only the first three decide the build; another expansionSearch reuses the index.
//
// Each line also carries the 1-minute load average before and after: the machine is shared, and a busy
// neighbour shows in the p95s.
import fs from 'node:fs';
import os from 'node:os';
import type { HnswParams } from '@sift/adapter-sqlite';
import { SearchService, VectorSpaceService, type SearchMode } from '@sift/core';
import { percentile } from './lexical-support.js';
import { BENCH_SPACE, NearChunkEmbedder } from './search-corpus.js';
import { annFile, chunkAt, openDataset, type OpenDataset } from './search-support.js';

const SIZES = (process.env.SIFT_BENCH_SIZES ?? '5000,100000,1000000').split(',').map(Number);
const QUERIES = 200;
const WARMUP = 20;
const LIMIT = 10;
/** The adapter's default annThreshold: smaller spaces are always searched exactly. */
const ANN_THRESHOLD = 20_000;
/** Exact searches for recall are capped at this many vector comparisons (200 queries at 100k, 50 at 1M). */
const EXACT_BUDGET = 50_000_000;
/** One build thread: the machine is shared, and the bench measures queries, not builds. */
const BUILD_THREADS = 1;
const GOALS: Record<number, number> = { 100_000: 50, 1_000_000: 150 };

const log = (message: string) => process.stderr.write(`[search-latency] ${message}\n`);
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const mb = (bytes: number) => bytes / 2 ** 20;

function hnswFor(chunks: number): HnswParams | 'default' | null {
  if (chunks <= ANN_THRESHOLD) return null;
  const env = process.env.SIFT_BENCH_HNSW?.split(',');
  if (env) {
    const [m, add, search, quantization] = env;
    return {
      connectivity: Number(m),
      expansionAdd: Number(add),
      expansionSearch: Number(search),
      quantization: (quantization ?? 'i8') as HnswParams['quantization'],
    };
  }
  return 'default';
}

/**
 * Resident memory after a GC, split as Linux counts it: anonymous (heap, native allocations) and file-backed
 * (mapped files: the ANN index and the SQLite pages read through mmap, which the kernel can drop under pressure).
 */
function rssAfterGc(): { anon: number; file: number } {
  globalThis.gc?.();
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  const anon = kb('RssAnon');
  return Number.isNaN(anon) ? { anon: process.memoryUsage().rss, file: 0 } : { anon, file: kb('RssFile') };
}

interface Query {
  text: string;
  chunkId: string;
}

/** Queries of 2–8 words picked from chunks spread evenly over the data set, each aimed at its chunk's vector. */
async function sampleQueries(
  data: OpenDataset,
  embedder: NearChunkEmbedder,
  chunks: number,
): Promise<Query[]> {
  const wanted = QUERIES + WARMUP;
  const queries: Query[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < wanted; k++) {
    const chunk = chunkAt(data.db, Math.floor(((k + 0.5) * chunks) / wanted));
    const words = chunk.content.split(' ');
    const n = 2 + (k % 7);
    const text = Array.from({ length: n }, (_, j) => words[(k * 7 + j * 13) % words.length]).join(' ');
    if (seen.has(text)) continue;
    seen.add(text);
    const vector = await data.vectors.get(BENCH_SPACE, chunk.id);
    if (!vector) throw new Error(`chunk ${chunk.id} has no vector`);
    embedder.aim(text, vector);
    queries.push({ text, chunkId: chunk.id });
  }
  return queries;
}

async function measure(chunks: number): Promise<Record<string, unknown>> {
  const hnsw = hnswFor(chunks);
  const data = await openDataset(chunks, hnsw, BUILD_THREADS, log);
  const loadBefore = os.loadavg()[0]!;
  try {
    const embedder = new NearChunkEmbedder();
    const spaces = new VectorSpaceService({ metadata: data.store, vectors: data.vectors, embedder });
    // The data set's vectors are in the embedder's space: make it the serving one (a fresh install does this).
    await spaces.ensure();
    // No query cache: every search is computed.
    const service = new SearchService({
      metadata: data.store,
      lexical: data.lexical,
      vectors: data.vectors,
      spaces,
    });
    const queries = await sampleQueries(data, embedder, chunks);
    const warmup = queries.slice(0, WARMUP);
    const timed = queries.slice(WARMUP);

    const run = async (mode: SearchMode) => {
      log(`search-${chunks}: ${mode} queries`);
      for (const q of warmup) await service.search({ query: q.text, mode, filter: {}, limit: LIMIT });
      const ms: number[] = [];
      let found = 0;
      for (const q of timed) {
        const t0 = performance.now();
        const { hits, warnings } = await service.search({ query: q.text, mode, filter: {}, limit: LIMIT });
        ms.push(performance.now() - t0);
        // A warning means a leg was missing (no serving space): the figure would not be of this mode.
        if (warnings.length > 0) throw new Error(`${mode} search warned: ${warnings.join('; ')}`);
        if (hits.some((h) => h.chunkId === q.chunkId)) found += 1;
      }
      return {
        p50_ms: round(percentile(ms, 50)),
        p95_ms: round(percentile(ms, 95)),
        source_at_10: round(found / timed.length, 3),
      };
    };

    const lexical = await run('lexical');
    const rssBefore = rssAfterGc();
    const annBefore = data.vectors.stats.ann;
    const semantic = await run('semantic');
    const rssAfter = rssAfterGc();
    const annAnswers = data.vectors.stats.ann - annBefore;
    if (hnsw && annAnswers !== queries.length) {
      throw new Error(
        `only ${annAnswers} of ${queries.length} semantic searches used the ANN index ` +
          `(${JSON.stringify(data.vectors.stats)}); delete bench/.cache/search-${chunks} to rebuild it`,
      );
    }
    const hybrid = await run('hybrid');

    let vector: Record<string, unknown> = { ann: false };
    if (hnsw) {
      log(`search-${chunks}: exact searches for recall`);
      const recallQueries = timed.slice(
        0,
        Math.max(10, Math.min(timed.length, Math.floor(EXACT_BUDGET / chunks))),
      );
      let overlap = 0;
      const exactMs: number[] = [];
      for (const q of recallQueries) {
        const [v] = await embedder.embed([q.text], { kind: 'query' });
        const ann = await data.vectors.search(BENCH_SPACE, v!, { filter: {}, limit: LIMIT });
        const t0 = performance.now();
        const exact = await data.vectors.search(BENCH_SPACE, v!, { filter: {}, limit: LIMIT, exact: true });
        exactMs.push(performance.now() - t0);
        const truth = new Set(exact.map((h) => h.chunkId));
        overlap += ann.filter((h) => truth.has(h.chunkId)).length;
      }
      const file = annFile(chunks);
      const per100k = (bytes: number) => round((mb(bytes) * 100_000) / chunks, 0);
      vector = {
        ann: true,
        // The sidecar records the build; a search beam given now applies to the loaded index.
        hnsw:
          file && hnsw !== 'default'
            ? { ...file.params, expansionSearch: hnsw.expansionSearch }
            : (file?.params ?? hnsw),
        recall_at_10: round(overlap / (recallQueries.length * LIMIT), 4),
        recall_queries: recallQueries.length,
        exact_p50_ms: round(percentile(exactMs, 50)),
        rss_mb_per_100k: per100k(rssAfter.anon + rssAfter.file - rssBefore.anon - rssBefore.file),
        rss_anon_mb_per_100k: per100k(rssAfter.anon - rssBefore.anon),
        rss_file_mb_per_100k: per100k(rssAfter.file - rssBefore.file),
        ann_file_mb_per_100k: file ? per100k(file.bytes) : null,
      };
    }
    const goal = GOALS[chunks] ?? null;
    return {
      bench: 'search_latency',
      chunks,
      queries: timed.length,
      limit: LIMIT,
      cores: os.availableParallelism(),
      load_avg_1m: [round(loadBefore, 1), round(os.loadavg()[0]!, 1)],
      lexical,
      semantic,
      hybrid,
      hybrid_p95_goal_ms: goal,
      hybrid_p95_goal_met: goal === null ? null : hybrid.p95_ms <= goal,
      vector,
      build: {
        reused_documents: !data.built.documents,
        reused_ann: data.manifest.ann ? !data.built.ann : null,
        insert_s: round(data.manifest.insertS, 1),
        ann_build_s: data.manifest.ann ? round(data.manifest.ann.buildS, 1) : null,
        ann_build_threads: data.manifest.ann?.threads ?? null,
        lexical_segments_merged: [data.lexicalMerge.segmentsBefore, data.lexicalMerge.segmentsAfter],
        lexical_merge_s: round(data.lexicalMerge.ms / 1000, 1),
      },
    };
  } finally {
    await data.close();
  }
}

for (const size of SIZES) {
  if (!(Number.isInteger(size) && size > 0))
    throw new Error(`SIFT_BENCH_SIZES: ${size} is not a chunk count`);
  console.log(JSON.stringify(await measure(size)));
}
