// Shared by the search latency bench: the cached data sets, each a real SQLite data file of documents, chunks,
// FTS rows and vectors (from search-corpus.ts, written by saveContent) plus its ANN index. Building a million
// chunks takes long, so a data set is built once under bench/.cache/search-<N>/ and reused while its recipe
// (DATASET_VERSION) and ANN build parameters stay the same. Not a bench itself.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compactFtsIndex,
  type FtsCompaction,
  openSqliteDatabase,
  SqliteLexicalIndex,
  SqliteMetadataStore,
  SqliteVectorIndex,
  ThreadedLexicalIndex,
  type HnswParams,
  type SqliteDatabase,
} from '@sift/adapter-sqlite';
import { zipfWords } from './lexical-corpus.js';
import { saveDocument } from './lexical-support.js';
import { BENCH_SPACE, CHUNKS_PER_DOCUMENT, chunkVectors } from './search-corpus.js';

/** Bump when the generated data changes, so cached data sets are rebuilt. */
const DATASET_VERSION = 3;
const WORDS_PER_CHUNK = 120;
/** Documents per write transaction: keeps the WAL small while amortising the commits. */
const DOCUMENTS_PER_COMMIT = 500;

const CACHE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.cache');

/** What ready.json records about a finished data set. */
export interface DatasetManifest {
  version: number;
  chunks: number;
  insertS: number;
  /** Null until an ANN index was built; `requested` is what the bench asked for ('default': the adapter's). */
  ann: { requested: HnswParams | 'default'; buildS: number; threads: number } | null;
}

/** A data set opened for searching; `close` keeps the files. */
export interface OpenDataset {
  db: SqliteDatabase;
  store: SqliteMetadataStore;
  /** On its reader thread, as the embedded runtime composes it. */
  lexical: ThreadedLexicalIndex;
  vectors: SqliteVectorIndex;
  manifest: DatasetManifest;
  /** What this call built rather than found in the cache. */
  built: { documents: boolean; ann: boolean };
  /** The lexical index's segments merged on opening, as a running install does once ingestion is quiet. */
  lexicalMerge: FtsCompaction;
  close(): Promise<void>;
}

type Log = (message: string) => void;

const files = (chunks: number) => {
  const dir = path.join(CACHE_DIR, `search-${chunks}`);
  return {
    dir,
    db: path.join(dir, 'sift.db'),
    indexes: path.join(dir, 'indexes'),
    manifest: path.join(dir, 'ready.json'),
  };
};

function readManifest(file: string): DatasetManifest | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DatasetManifest;
  } catch {
    return null;
  }
}

/** What decides how the graph is built; the search beam (expansionSearch) applies to a loaded index too. */
const buildKey = (p: HnswParams | 'default') =>
  p === 'default' ? p : `${p.connectivity},${p.expansionAdd},${p.quantization}`;

/** The parameters the cached ANN index was built with, from the adapter's sidecar. */
export function annFile(chunks: number): { params: HnswParams; bytes: number } | null {
  const sidecar = path.join(files(chunks).indexes, `${encodeURIComponent(BENCH_SPACE.id)}.usearch.json`);
  try {
    return JSON.parse(fs.readFileSync(sidecar, 'utf8')) as { params: HnswParams; bytes: number };
  } catch {
    return null;
  }
}

/**
 * Opens the cached data set of `chunks` chunks, building what is missing or stale first: the documents when the
 * recipe changed, the ANN index (with `buildThreads`) when `hnsw` changed how it is built. `hnsw` null: no ANN
 * index is built (the space is small enough for exact search).
 */
export async function openDataset(
  chunks: number,
  hnsw: HnswParams | 'default' | null,
  buildThreads: number,
  log: Log,
): Promise<OpenDataset> {
  const paths = files(chunks);
  let manifest = readManifest(paths.manifest);
  const built = { documents: false, ann: false };
  if (manifest?.version !== DATASET_VERSION || manifest.chunks !== chunks) {
    fs.rmSync(paths.dir, { recursive: true, force: true });
    fs.mkdirSync(paths.dir, { recursive: true });
    manifest = {
      version: DATASET_VERSION,
      chunks,
      insertS: await writeDocuments(paths.db, chunks, log),
      ann: null,
    };
    fs.writeFileSync(paths.manifest, JSON.stringify(manifest));
    built.documents = true;
  } else {
    log(`search-${chunks}: reusing cached documents (${paths.dir})`);
  }
  const db = openSqliteDatabase(paths.db);
  const store = new SqliteMetadataStore(db);
  await store.migrate();
  const lexical = new ThreadedLexicalIndex(new SqliteLexicalIndex(db), { file: paths.db });
  // What IndexCompactor does when a running install's ingestion goes quiet (a no-op when already merged).
  const lexicalMerge = await compactFtsIndex(db);
  log(
    `search-${chunks}: lexical index ${lexicalMerge.segmentsBefore} → ${lexicalMerge.segmentsAfter} segments`,
  );
  const vectors = new SqliteVectorIndex(db, {
    indexDir: paths.indexes,
    ...(hnsw && hnsw !== 'default' ? { hnsw } : {}),
    buildThreads,
  });
  if (hnsw && !(manifest.ann && buildKey(manifest.ann.requested) === buildKey(hnsw))) {
    fs.rmSync(paths.indexes, { recursive: true, force: true });
    log(`search-${chunks}: building the ANN index (${JSON.stringify(hnsw)}, ${buildThreads} thread(s))`);
    const started = performance.now();
    const ticker = setInterval(
      () =>
        log(
          `search-${chunks}: ANN build running for ${Math.round((performance.now() - started) / 60_000)} min`,
        ),
      60_000,
    );
    try {
      await vectors.buildAnn(BENCH_SPACE);
    } finally {
      clearInterval(ticker);
    }
    const buildS = (performance.now() - started) / 1000;
    manifest = { ...manifest, ann: { requested: hnsw, buildS, threads: buildThreads } };
    fs.writeFileSync(paths.manifest, JSON.stringify(manifest));
    built.ann = true;
    log(`search-${chunks}: ANN index built in ${Math.round(buildS)} s`);
  }
  return {
    db,
    store,
    lexical,
    vectors,
    manifest,
    built,
    lexicalMerge,
    async close() {
      await vectors.close();
      await lexical.close();
      db.close();
    },
  };
}

/** Writes `chunks` chunks (documents of CHUNKS_PER_DOCUMENT) with their vectors through saveContent; seconds taken. */
async function writeDocuments(file: string, chunks: number, log: Log): Promise<number> {
  const started = performance.now();
  const db = openSqliteDatabase(file);
  const store = new SqliteMetadataStore(db);
  try {
    await store.migrate();
    await store.ensureLocalUser();
    const words = zipfWords(20240601);
    const vectorOf = chunkVectors();
    const documents = Math.ceil(chunks / CHUNKS_PER_DOCUMENT);
    // Progress about every tenth of the way, at a commit.
    const logEvery = Math.max(1, Math.round(documents / 10 / DOCUMENTS_PER_COMMIT)) * DOCUMENTS_PER_COMMIT;
    db.exec('BEGIN');
    for (let d = 0; d < documents; d++) {
      const first = d * CHUNKS_PER_DOCUMENT;
      const count = Math.min(CHUNKS_PER_DOCUMENT, chunks - first);
      const texts = Array.from({ length: count }, () => words.text(WORDS_PER_CHUNK));
      await saveDocument(store, {
        title: `Document ${d} ${words.text(4)}`,
        chunks: texts,
        vectors: { space: BENCH_SPACE, vectors: texts.map((_, i) => vectorOf(first + i)) },
      });
      if ((d + 1) % DOCUMENTS_PER_COMMIT === 0) {
        db.exec('COMMIT');
        if ((d + 1) % logEvery === 0)
          log(
            `search-${chunks}: ${first + count} chunks written (${Math.round((performance.now() - started) / 1000)} s)`,
          );
        db.exec('BEGIN');
      }
    }
    db.exec('COMMIT');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await store.close();
    if (db.open) db.close();
  }
  const seconds = (performance.now() - started) / 1000;
  log(`search-${chunks}: ${chunks} chunks written in ${Math.round(seconds)} s`);
  return seconds;
}

/** Chunk `ordinal` (0-based, in insertion order): its id and text. */
export function chunkAt(db: SqliteDatabase, ordinal: number): { id: string; content: string } {
  const row = db
    .prepare('SELECT id, content FROM document_chunks WHERE seq = (SELECT MIN(seq) FROM document_chunks) + ?')
    .get(ordinal) as { id: string; content: string } | undefined;
  if (!row) throw new Error(`the data set has no chunk ${ordinal}`);
  return row;
}
