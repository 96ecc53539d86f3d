import os from 'node:os';
import type { IndexHit, Logger, SearchFilter, VectorIndex, VectorSpace } from '@sift/core';
import type { Index } from 'usearch';
import { spaceStamp, type HnswParams } from './sqlite-ann-files.js';
import { AnnIndexes } from './sqlite-ann-index.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './sqlite-statements.js';
import { VectorCache } from './sqlite-vector-cache.js';
import {
  VECTOR_SQL,
  dimensionMismatch,
  encodeVector,
  ensureSpace,
  readSpace,
  vectorError,
  viewVector,
} from './sqlite-vector-rows.js';
import {
  countAllowed,
  exactTopK,
  isOpenFilter,
  registerVectorScoring,
  scoreCandidates,
  type ScoredChunk,
} from './sqlite-vector-search.queries.js';

/** Options of {@link SqliteVectorIndex}. */
export interface SqliteVectorIndexOptions {
  /** Where the ANN files live (`<data>/indexes`). */
  indexDir: string;
  /** Spaces with more vectors than this are searched through the ANN index (default 20,000). */
  annThreshold?: number;
  /** HNSW graph parameters (defaults tuned by bench/vector-index.bench.ts for recall@10 ≥ 0.98). */
  hnsw?: Partial<HnswParams>;
  /** Threads of one ANN build (default: all cores but one). */
  buildThreads?: number;
  /** Searches on a stale or missing ANN index wait for its rebuild instead of answering exactly meanwhile. */
  waitForAnn?: boolean;
  /** A stale ANN index is rebuilt at most this often (default 10 s); until then searches are exact. */
  minRebuildIntervalMs?: number;
  /**
   * A filter letting fewer chunks through than max(selectiveCount, selectiveFraction × space size) is searched
   * exactly over those chunks (defaults 10,000 and 0.05): cheap for so few, and the ANN would need to dig
   * too deep to find `limit` of them.
   */
  selectiveCount?: number;
  selectiveFraction?: number;
  /** The ANN is asked for `limit × oversample` candidates, growing by that factor (default 4). */
  oversample?: number;
  /** Past max(maxCandidates, 32 × limit) candidates a filtered ANN search gives up and goes exact (default 4096). */
  maxCandidates?: number;
  /** SQLite memory-maps this much of the file on the shared connection (default 2 GiB; 0 leaves it as it is). */
  mmapBytes?: number;
  logger?: Logger;
}

/**
 * Tuned on 100k random 512-dimensional unit vectors, the hardest case for HNSW (no clusters to exploit), to a
 * recall@10 of 0.99 (bench/vector-index.bench.ts). Real embeddings reach that with a far narrower search beam;
 * `expansionSearch` is what to lower (e.g. 512) when latency matters more than that margin.
 */
const DEFAULT_HNSW: HnswParams = {
  connectivity: 32,
  expansionAdd: 128,
  expansionSearch: 4096,
  quantization: 'i8',
};

/**
 * VectorIndex on the SQLite file: vectors live in `chunk_vectors` (migration 003), written with their chunks
 * by `saveContent` or later by `upsert`, and are the source of truth. Small spaces, explicit `exact` searches,
 * selective filters and spaces whose ANN index is stale are searched by brute force inside SQLite; larger
 * spaces through a usearch HNSW index per space ({@link AnnIndexes}), rebuilt in a worker thread when stale.
 * ANN candidates are re-scored from the stored vectors and re-checked against the filter in SQL, so both
 * paths return the same scores, and a filtered search returns `limit` hits whenever that many chunks match.
 */
export class SqliteVectorIndex implements VectorIndex {
  /** How searches were answered since start: for metrics and tests. */
  readonly stats = { exact: 0, ann: 0, annFallbacks: 0 };
  private readonly sql: StatementCache;
  private readonly cache: VectorCache;
  private readonly ann: AnnIndexes | null;
  private readonly settings: Required<
    Pick<
      SqliteVectorIndexOptions,
      'annThreshold' | 'waitForAnn' | 'selectiveCount' | 'selectiveFraction' | 'oversample' | 'maxCandidates'
    >
  >;

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteVectorIndexOptions,
  ) {
    this.sql = new StatementCache(db);
    registerVectorScoring(db);
    const mmapBytes = options.mmapBytes ?? 2 ** 31;
    // Brute force reads every page of the vectors; through mmap that is about 4× cheaper than read() calls.
    if (mmapBytes > (db.pragma('mmap_size', { simple: true }) as number))
      db.pragma(`mmap_size = ${mmapBytes}`);
    this.settings = {
      annThreshold: options.annThreshold ?? 20_000,
      waitForAnn: options.waitForAnn ?? false,
      selectiveCount: options.selectiveCount ?? 10_000,
      selectiveFraction: options.selectiveFraction ?? 0.05,
      oversample: Math.max(2, options.oversample ?? 4),
      maxCandidates: options.maxCandidates ?? 4096,
    };
    // Spaces small enough to be searched exactly are searched from memory; larger ones go through the ANN.
    this.cache = new VectorCache(db, this.sql, this.settings.annThreshold);
    // The ANN build reads the file from a worker thread; an in-memory database has no file to share.
    this.ann = db.memory
      ? null
      : new AnnIndexes(db.name, {
          indexDir: options.indexDir,
          params: { ...DEFAULT_HNSW, ...options.hnsw },
          buildThreads: options.buildThreads ?? Math.max(1, os.availableParallelism() - 1),
          minRebuildIntervalMs: options.minRebuildIntervalMs ?? 10_000,
          logger: options.logger,
        });
  }

  /**
   * Stores or replaces vectors of existing chunks, all in one transaction. Chunks that no longer exist (their
   * document was deleted or re-processed while the vectors were computed) are skipped: their vectors would
   * have nothing to describe. A wrong length or a space of other dimensions fails the whole call.
   */
  async upsert(space: VectorSpace, items: { chunkId: string; vector: Float32Array }[]): Promise<void> {
    const blobs = items.map(({ vector }) => {
      const error = vectorError(space, vector);
      if (error) throw error;
      return encodeVector(vector);
    });
    const write = this.db.transaction(() => {
      const problem = ensureSpace(this.sql, space, Date.now());
      if (problem) throw dimensionMismatch(space, problem);
      const findChunk = this.sql.get('SELECT seq FROM document_chunks WHERE id = ?').pluck();
      const insert = this.sql.get(VECTOR_SQL.upsertVector);
      items.forEach((item, i) => {
        const seq = findChunk.get(item.chunkId) as number | undefined;
        if (seq !== undefined) insert.run(space.id, seq, blobs[i]);
      });
    });
    write.immediate();
  }

  async search(
    space: VectorSpace,
    query: Float32Array,
    options: { filter: SearchFilter; limit: number; exact?: boolean },
  ): Promise<IndexHit[]> {
    const error = vectorError(space, query);
    if (error) throw error;
    const limit = Math.floor(options.limit);
    const row = readSpace(this.sql, space.id);
    if (row && row.dimensions !== space.dimensions) {
      throw dimensionMismatch(space, `the space holds ${row.dimensions}-dimensional vectors`);
    }
    if (!row || row.count === 0 || !(limit > 0)) return [];
    const normalised = viewVector(encodeVector(query));
    const { filter } = options;
    const index =
      options.exact || !this.ann || row.count <= this.settings.annThreshold
        ? null
        : await this.ann.acquire(space.id, space.dimensions, spaceStamp(row), this.settings.waitForAnn);
    let hits: ScoredChunk[] | null = null;
    if (index && !this.selective(space.id, filter, row.count)) {
      hits = this.searchAnn(index, space.id, normalised, filter, limit);
      if (hits) this.stats.ann += 1;
      else this.stats.annFallbacks += 1;
    }
    if (!hits) {
      this.stats.exact += 1;
      hits =
        this.cache.topK(space.id, normalised, filter, limit) ??
        exactTopK(this.sql, space.id, normalised, filter, limit);
    }
    return hits.map(({ chunkId, documentId, score }) => ({ chunkId, documentId, score }));
  }

  async get(space: VectorSpace, chunkId: string): Promise<Float32Array | null> {
    const blob = this.sql
      .get(
        `SELECT v.vector FROM document_chunks AS c JOIN chunk_vectors AS v ON v.chunk_seq = c.seq AND v.space = ?
         WHERE c.id = ?`,
      )
      .pluck()
      .get(space.id, chunkId) as Buffer | undefined;
    // A copy: the caller owns it, and no view on a driver buffer escapes.
    return blob ? new Float32Array(viewVector(blob)) : null;
  }

  async count(space: VectorSpace): Promise<number> {
    return readSpace(this.sql, space.id)?.count ?? 0;
  }

  /** Deletes the space's vectors (one transaction) and its ANN files. */
  async dropSpace(space: VectorSpace): Promise<void> {
    this.db
      .transaction(() => this.sql.get('DELETE FROM vector_spaces WHERE id = ?').run(space.id))
      .immediate();
    this.cache.forget(space.id);
    await this.ann?.drop(space.id);
  }

  /**
   * Builds the ANN index of a space now, from its current vectors, and waits for it (start-up warm-up, the
   * benchmark). Throws VECTOR_INDEX_BUILD_FAILED (system) when the build fails.
   */
  async buildAnn(space: VectorSpace): Promise<{ count: number }> {
    if (!this.ann) return { count: 0 };
    return this.ann.build(space.id, space.dimensions);
  }

  async close(): Promise<void> {
    await this.ann?.close();
  }

  /** True when few enough chunks pass the filter that exact search over them beats digging through the ANN. */
  private selective(space: string, filter: SearchFilter, total: number): boolean {
    if (isOpenFilter(filter)) return false;
    const threshold = Math.max(
      this.settings.selectiveCount,
      Math.ceil(this.settings.selectiveFraction * total),
    );
    return countAllowed(this.sql, space, filter, threshold) < threshold;
  }

  /**
   * ANN candidates, oversampled and re-scored in SQL (which also applies the filter and drops chunks deleted
   * since the build). Asks for more while fewer than `limit` pass; null when the cap is reached first.
   */
  private searchAnn(
    index: Index,
    space: string,
    query: Float32Array,
    filter: SearchFilter,
    limit: number,
  ): ScoredChunk[] | null {
    const size = index.size();
    const cap = Math.max(this.settings.maxCandidates, 32 * limit);
    let wanted = Math.min(size, limit * this.settings.oversample);
    for (;;) {
      const keys = Array.from(index.search(query, wanted, 1).keys, Number);
      const hits = scoreCandidates(this.sql, space, query, keys, filter, limit);
      // All of the index was returned: whatever passed is everything that can.
      if (hits.length >= limit || wanted >= size) return hits;
      if (wanted >= cap) return null;
      wanted = Math.min(size, cap, wanted * this.settings.oversample);
    }
  }
}
