// Vector index: SqliteVectorIndex on synthetic L2-normalised random vectors (seeded, so every run searches the
// same data). For each size: insert time (chunks + vectors through SQL, one transaction), ANN build time, exact
// and ANN query latency (p50/p95, limit 10), ANN recall@10 against exact search, a selective and a broad filtered
// query, resident memory and file sizes. Random vectors are the hard case for HNSW (no clusters to exploit), so
// recall here is a floor for real embeddings. Prints one JSON line.
//
// BENCH_VECTOR_SIZES   comma-separated vector counts (default 100000; add 1000000 for the large figure, which
//                      needs ~4 GB of disk and several minutes)
// BENCH_VECTOR_DIMS    dimensions (default 512)
// BENCH_VECTOR_QUERIES queries per size (default 200); exact search runs on at most BENCH_VECTOR_EXACT_MAX
//                      vectors × queries / 100k (default 200 queries at 100k, 20 at 1M) to bound the run time
// BENCH_HNSW           connectivity,expansionAdd,expansionSearch[,quantization] (default: the adapter's)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteDatabase, runMigrations, SqliteVectorIndex, type HnswParams } from '@sift/adapter-sqlite';
import type { SearchFilter, VectorSpace } from '@sift/core';

const SIZES = (process.env.BENCH_VECTOR_SIZES ?? '100000').split(',').map(Number);
const DIMS = Number(process.env.BENCH_VECTOR_DIMS ?? 512);
const QUERIES = Number(process.env.BENCH_VECTOR_QUERIES ?? 200);
const EXACT_BUDGET = Number(process.env.BENCH_VECTOR_EXACT_MAX ?? 200 * 100_000);
const CHUNKS_PER_DOCUMENT = 100;
const LIMIT = 10;
const SHA = 'b'.repeat(64);
const hnsw: Partial<HnswParams> | undefined = process.env.BENCH_HNSW
  ? (([m, add, search, quantization]) => ({
      connectivity: Number(m),
      expansionAdd: Number(add),
      expansionSearch: Number(search),
      quantization: (quantization ?? 'i8') as HnswParams['quantization'],
    }))(process.env.BENCH_HNSW.split(','))
  : undefined;

/** mulberry32: a small seeded generator, so data and queries are the same on every run. */
function unitVectors(seed: number): () => Float32Array {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    const v = new Float32Array(DIMS);
    let norm = 0;
    for (let i = 0; i < DIMS; i++) {
      v[i] = next() * 2 - 1;
      norm += v[i]! * v[i]!;
    }
    for (let i = 0; i < DIMS; i++) v[i]! /= Math.sqrt(norm);
    return v;
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const mb = (bytes: number) => round(bytes / 2 ** 20, 0);

/** Documents of 100 chunks each, every chunk with its vector; straight SQL, as saveContent would write them. */
function seed(db: ReturnType<typeof openSqliteDatabase>, space: VectorSpace, count: number): void {
  db.prepare(
    `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
     VALUES ('bench', 'bench@example.test', 'bench', 'Bench', 0, 0)`,
  ).run();
  db.prepare(`INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES (?, 1, 0, 0)`).run(SHA);
  db.prepare(`INSERT INTO vector_spaces (id, dimensions, created_at, updated_at) VALUES (?, ?, 0, 0)`).run(
    space.id,
    space.dimensions,
  );
  const insertDocument = db.prepare(
    `INSERT INTO documents (id, owner_id, filename, original_filename, content_type, size, sha256, tags,
       uploaded_at, created_at, updated_at)
     VALUES (?, 'bench', 'f.txt', 'f.txt', 'text/plain', 1, ?, ?, 0, 0, 0)`,
  );
  const insertChunk = db.prepare(
    `INSERT INTO document_chunks (id, document_id, chunk_index, content, content_sha256, created_at)
     VALUES (?, ?, ?, '', '', 0)`,
  );
  const insertVector = db.prepare(`INSERT INTO chunk_vectors (space, chunk_seq, vector) VALUES (?, ?, ?)`);
  const next = unitVectors(1);
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const document = `d${Math.floor(i / CHUNKS_PER_DOCUMENT)}`;
      const index = i % CHUNKS_PER_DOCUMENT;
      // One document in 50 is tagged: a filter on the tag lets 2% of the chunks through (selective).
      if (index === 0) insertDocument.run(document, SHA, Math.floor(i / 100) % 50 === 0 ? '["rare"]' : '[]');
      const seq = insertChunk.run(`c${i}`, document, index).lastInsertRowid;
      const v = next();
      insertVector.run(space.id, seq, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    }
  });
  // Batches of 50k keep the WAL from growing to the size of the whole data set.
  for (let from = 0; from < count; from += 50_000) write(from, Math.min(count, from + 50_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

async function measure(count: number): Promise<Record<string, number | string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-bench-vectors-'));
  const db = openSqliteDatabase(path.join(dir, 'sift.db'));
  const space: VectorSpace = { id: `bench@${DIMS}`, dimensions: DIMS };
  const rssBefore = process.memoryUsage().rss;
  try {
    runMigrations(db);
    const insert = await timed(async () => seed(db, space, count));
    const index = new SqliteVectorIndex(db, {
      indexDir: path.join(dir, 'indexes'),
      hnsw,
      // The benchmark may use every core; the default leaves one to the server.
      buildThreads: os.availableParallelism(),
    });
    const build = await timed(() => index.buildAnn(space));
    const next = unitVectors(2);
    const queries = Array.from({ length: QUERIES }, next);
    const search = (q: Float32Array, exact: boolean, filter: SearchFilter = {}) =>
      index.search(space, q, { filter, limit: LIMIT, exact });

    const exactQueries = queries.slice(0, Math.max(5, Math.min(QUERIES, Math.floor(EXACT_BUDGET / count))));
    const exactMs: number[] = [];
    const truth: string[][] = [];
    for (const q of exactQueries) {
      const { ms, value } = await timed(() => search(q, true));
      exactMs.push(ms);
      truth.push(value.map((h) => h.chunkId));
    }
    const annMs: number[] = [];
    let found = 0;
    for (const [i, q] of queries.entries()) {
      const { ms, value } = await timed(() => search(q, false));
      annMs.push(ms);
      if (truth[i]) found += value.filter((h) => truth[i]!.includes(h.chunkId)).length;
    }
    if (index.stats.ann !== queries.length)
      throw new Error(`expected ANN answers: ${JSON.stringify(index.stats)}`);
    const selectiveMs: number[] = [];
    const broadMs: number[] = [];
    for (const q of queries.slice(0, 50)) {
      selectiveMs.push((await timed(() => search(q, false, { tags: ['rare'] }))).ms);
      broadMs.push((await timed(() => search(q, false, { excludeDocumentIds: ['d0', 'd1'] }))).ms);
    }
    const rss = process.memoryUsage().rss;
    const files = fs.readdirSync(path.join(dir, 'indexes'));
    const indexBytes = files.reduce((sum, f) => sum + fs.statSync(path.join(dir, 'indexes', f)).size, 0);
    await index.close();
    const per100k = 100_000 / count;
    return {
      vectors: count,
      insert_s: round(insert.ms / 1000, 1),
      ann_build_s: round(build.ms / 1000, 1),
      exact_queries: exactQueries.length,
      exact_p50_ms: round(percentile(exactMs, 50)),
      exact_p95_ms: round(percentile(exactMs, 95)),
      ann_p50_ms: round(percentile(annMs, 50)),
      ann_p95_ms: round(percentile(annMs, 95)),
      ann_recall_at_10: round(found / (truth.length * LIMIT), 4),
      selective_filter_p50_ms: round(percentile(selectiveMs, 50)),
      broad_filter_ann_p50_ms: round(percentile(broadMs, 50)),
      rss_mb_per_100k: round(mb(rss - rssBefore) * per100k, 0),
      db_mb_per_100k: round(mb(fs.statSync(path.join(dir, 'sift.db')).size) * per100k, 0),
      ann_file_mb_per_100k: round(mb(indexBytes) * per100k, 0),
    };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const size of SIZES) results.push(await measure(size));
console.log(
  JSON.stringify({
    bench: 'vector_index',
    dims: DIMS,
    queries: QUERIES,
    hnsw: hnsw ?? 'default',
    cores: os.availableParallelism(),
    sizes: results,
    peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
  }),
);
