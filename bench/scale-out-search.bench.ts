// Search latency of the two storage shapes on the same data, in the same run (#14): one synthetic corpus of
// N chunks (default 100,000; `node --import tsx bench/scale-out-search.bench.ts 20000` or
// BENCH_SCALE_OUT_CHUNKS) — documents of 10 chunks of 120 Zipf-distributed words (lexical-corpus.ts), as in
// the lexical latency bench — written into an embedded SQLite data file and into PostgreSQL through the
// stores' own saveContent (no extraction), then the same queries through the full SearchService path
// (lexical search with the access filter an API request carries, hydration of the page, snippets) on both.
// The shapes take turns query by query, so load from a busy neighbour falls on both alike.
//
// Lexical only: the scale-out shape's vectors live in Chroma, filled by the outbox drainer; loading 100k
// vectors there is a build of its own, left to a later bench (#14).
//
// The corpus is built once per size and recipe and reused: SQLite under bench/.cache/scale-out-<N>/,
// PostgreSQL in the database sift_bench_scale_out_<N>_v<recipe> of the test server
// (BENCH_POSTGRES_URL, default the tests' URL). Delete the directory and DROP the database to rebuild.
// Prints one JSON line: p50/p95 per shape, the ratio of the p95s and the goal (scale-out ≤ 2× embedded);
// or a line with `skipped` when PostgreSQL does not answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createPgPool,
  PgExactVectorIndex,
  PgLexicalIndex,
  PgMetadataStore,
  type PgPool,
} from '@sift/adapter-postgres';
import {
  openSqliteDatabase,
  SqliteLexicalIndex,
  SqliteMetadataStore,
  SqliteVectorIndex,
} from '@sift/adapter-sqlite';
import {
  isAppError,
  LOCAL_USER_ID,
  SearchService,
  VectorSpaceService,
  type MetadataStore,
  type SearchFilter,
} from '@sift/core';
import { zipfWords } from './lexical-corpus.js';
import { percentile, saveDocument } from './lexical-support.js';
import { CHUNKS_PER_DOCUMENT, NearChunkEmbedder } from './search-corpus.js';

const CHUNKS = Number(process.argv[2] ?? process.env.BENCH_SCALE_OUT_CHUNKS ?? 100_000);
const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://sift_test:sift_test@127.0.0.1:5432/sift_test';
/** Bump when the generated data changes, so cached corpora are rebuilt. */
const RECIPE = 1;
const WORDS_PER_CHUNK = 120;
const QUERIES = 200;
const WARMUP = 20;
const LIMIT = 10;
/** Documents per SQLite write transaction; concurrent saveContent calls on PostgreSQL. */
const SQLITE_BATCH = 500;
const PG_WRITERS = 3;
const GOAL_RATIO = 2;

const log = (message: string) => process.stderr.write(`[scale-out-search] ${message}\n`);
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const CACHE = path.join(path.dirname(fileURLToPath(import.meta.url)), '.cache', `scale-out-${CHUNKS}`);
const DATABASE = `sift_bench_scale_out_${CHUNKS}_v${RECIPE}`;

/** Document `d` of the corpus: its title and chunk texts, the same on every run and for both shapes. */
function* corpus(): Generator<{ title: string; chunks: string[] }> {
  const words = zipfWords(20240601);
  const documents = Math.ceil(CHUNKS / CHUNKS_PER_DOCUMENT);
  for (let d = 0; d < documents; d++) {
    const count = Math.min(CHUNKS_PER_DOCUMENT, CHUNKS - d * CHUNKS_PER_DOCUMENT);
    const title = `Document ${d} ${words.text(4)}`;
    yield { title, chunks: Array.from({ length: count }, () => words.text(WORDS_PER_CHUNK)) };
  }
}

/** Queries of 2–8 words of chunks spread evenly over the corpus (function words mixed with rare ones). */
function queries(): string[] {
  const documents = Math.ceil(CHUNKS / CHUNKS_PER_DOCUMENT);
  const every = Math.max(1, Math.floor(documents / (QUERIES + WARMUP)));
  const out: string[] = [];
  let d = 0;
  for (const doc of corpus()) {
    if (d++ % every !== 0 || out.length === QUERIES + WARMUP) continue;
    const all = doc.chunks[0]!.split(' ');
    const i = out.length;
    out.push(Array.from({ length: 2 + (i % 7) }, (_, j) => all[(i * 7 + j * 13) % all.length]).join(' '));
  }
  return out;
}

/** The embedded shape's data file, built on first use. */
async function embedded(): Promise<{ store: SqliteMetadataStore; service: SearchService; close(): void }> {
  const file = path.join(CACHE, 'sift.db');
  const ready = path.join(CACHE, 'ready.json');
  const built = fs.existsSync(ready)
    ? (JSON.parse(fs.readFileSync(ready, 'utf8')) as { recipe?: number })
    : null;
  if (built?.recipe !== RECIPE) {
    fs.rmSync(CACHE, { recursive: true, force: true });
    fs.mkdirSync(CACHE, { recursive: true });
    const started = performance.now();
    const db = openSqliteDatabase(file);
    const store = new SqliteMetadataStore(db);
    await store.migrate();
    await store.ensureLocalUser();
    db.exec('BEGIN');
    let d = 0;
    for (const doc of corpus()) {
      await saveDocument(store, doc);
      if (++d % SQLITE_BATCH === 0) {
        db.exec('COMMIT');
        db.exec('BEGIN');
      }
    }
    db.exec('COMMIT');
    db.pragma('wal_checkpoint(TRUNCATE)');
    await store.close();
    if (db.open) db.close();
    const seconds = round((performance.now() - started) / 1000, 1);
    fs.writeFileSync(ready, JSON.stringify({ chunks: CHUNKS, recipe: RECIPE, build_s: seconds }));
    log(`embedded: ${CHUNKS} chunks written in ${seconds} s`);
  } else {
    log(`embedded: reusing ${CACHE}`);
  }
  const db = openSqliteDatabase(file);
  const store = new SqliteMetadataStore(db);
  await store.migrate();
  const lexical = new SqliteLexicalIndex(db);
  const vectors = new SqliteVectorIndex(db, { indexDir: path.join(CACHE, 'indexes') });
  return {
    store,
    service: searchService(store, lexical, vectors),
    close: () => db.close(),
  };
}

/** The scale-out shape's database, built on first use (a marker table says it is complete). */
async function scaleOut(): Promise<{ pool: PgPool; service: SearchService } | null> {
  const admin = createPgPool(POSTGRES_URL, { max: 1, connectionTimeoutMs: 2_000 });
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } catch (err) {
    log(`PostgreSQL at ${POSTGRES_URL} did not answer: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${DATABASE}`;
  const pool = createPgPool(url.toString(), { max: 10, applicationName: 'sift-bench' });
  const store = new PgMetadataStore(pool);
  await store.migrate();
  await store.ensureLocalUser();
  await pool.query('CREATE TABLE IF NOT EXISTS bench_ready (build_s float8 NOT NULL)');
  const ready = await pool.query<{ build_s: number }>('SELECT build_s FROM bench_ready');
  if (ready.rowCount === 0) {
    const { rows } = await pool.query<{ n: number }>('SELECT count(*) AS n FROM documents');
    if (rows[0]!.n > 0) {
      throw new Error(`${DATABASE} holds an unfinished corpus: DROP DATABASE ${DATABASE} and run again`);
    }
    const started = performance.now();
    await writeConcurrently(store, corpus());
    const seconds = round((performance.now() - started) / 1000, 1);
    await pool.query('ANALYZE');
    await pool.query('INSERT INTO bench_ready (build_s) VALUES ($1)', [seconds]);
    log(`scale-out: ${CHUNKS} chunks written in ${seconds} s`);
  } else {
    log(`scale-out: reusing database ${DATABASE}`);
  }
  return { pool, service: searchService(store, new PgLexicalIndex(pool), new PgExactVectorIndex(pool)) };
}

/**
 * saveContent from PG_WRITERS writers at once, as several workers would; a transaction the server aborts
 * for a conflict on the shared term counters (DATABASE_CONFLICT) is run again.
 */
async function writeConcurrently(store: MetadataStore, docs: Iterator<{ title: string; chunks: string[] }>) {
  let written = 0;
  const writer = async () => {
    for (let next = docs.next(); !next.done; next = docs.next()) {
      for (let attempt = 1; ; attempt++) {
        try {
          await saveDocument(store, next.value);
          break;
        } catch (err) {
          if (!(isAppError(err) && err.code === 'DATABASE_CONFLICT' && attempt < 5)) throw err;
        }
      }
      if (++written % 1000 === 0) log(`scale-out: ${written * CHUNKS_PER_DOCUMENT} chunks written`);
    }
  };
  await Promise.all(Array.from({ length: PG_WRITERS }, writer));
}

function searchService(
  metadata: MetadataStore,
  lexical: ConstructorParameters<typeof SearchService>[0]['lexical'],
  vectors: ConstructorParameters<typeof SearchService>[0]['vectors'],
): SearchService {
  const spaces = new VectorSpaceService({ metadata, vectors, embedder: new NearChunkEmbedder() });
  // No query cache: every search is computed.
  return new SearchService({ metadata, lexical, vectors, spaces });
}

const pg = await scaleOut();
if (!pg) {
  console.log(JSON.stringify({ bench: 'scale_out_search', skipped: 'PostgreSQL not reachable (#14)' }));
} else {
  const local = await embedded();
  try {
    const texts = queries();
    // What an API request of a signed-in user carries: its own documents and the collections shared with it.
    const filter: SearchFilter = { access: { ownerId: LOCAL_USER_ID, collectionIds: [] } };
    const shapes = { embedded: local.service, scale_out: pg.service };
    const ms: Record<keyof typeof shapes, number[]> = { embedded: [], scale_out: [] };
    const hits: Record<keyof typeof shapes, number> = { embedded: 0, scale_out: 0 };
    const loadBefore = os.loadavg()[0]!;
    for (const [i, query] of texts.entries()) {
      // Alternate which shape goes first, so neither always runs right after the other.
      const order = i % 2 === 0 ? (['embedded', 'scale_out'] as const) : (['scale_out', 'embedded'] as const);
      for (const shape of order) {
        const started = performance.now();
        const response = await shapes[shape].search({ query, mode: 'lexical', filter, limit: LIMIT });
        if (i < WARMUP) continue;
        ms[shape].push(performance.now() - started);
        hits[shape] += response.hits.length;
      }
    }
    const figures = (shape: keyof typeof shapes) => ({
      p50_ms: round(percentile(ms[shape], 50)),
      p95_ms: round(percentile(ms[shape], 95)),
      avg_hits: round(hits[shape] / ms[shape].length),
    });
    const embeddedFigures = figures('embedded');
    const scaleOutFigures = figures('scale_out');
    const ratio = round(scaleOutFigures.p95_ms / embeddedFigures.p95_ms);
    console.log(
      JSON.stringify({
        bench: 'scale_out_search',
        chunks: CHUNKS,
        mode: 'lexical',
        queries: ms.embedded.length,
        limit: LIMIT,
        cores: os.availableParallelism(),
        load_avg_1m: [round(loadBefore, 1), round(os.loadavg()[0]!, 1)],
        embedded: embeddedFigures,
        scale_out: scaleOutFigures,
        p95_ratio: ratio,
        p95_ratio_goal: GOAL_RATIO,
        goal_met: ratio <= GOAL_RATIO,
      }),
    );
  } finally {
    local.close();
    await pg.pool.end();
  }
}
