import {
  dot,
  type IndexHit,
  type Logger,
  type SearchFilter,
  type VectorIndex,
  type VectorSpace,
} from '@sift/core';
import type { ChromaClient } from 'chromadb';
import { ChromaCollections, call, isNotFound } from './chroma-collections.js';
import { KEYS, MATCHES_NOTHING, chromaWhere } from './chroma-filter.js';
import { ChromaOutboxDrainer } from './chroma-outbox-drainer.js';
import { dimensionMismatch, normalise, queryError } from './chroma-vectors.js';
import type { OutboxFeed, VectorTruth } from './vector-feed.port.js';

/** Options of {@link ChromaVectorIndex}. */
export interface ChromaVectorIndexOptions {
  client: ChromaClient;
  /** The vector table of the metadata store (the exact PostgreSQL index): the truth. */
  truth: VectorTruth;
  /** Its outbox (PgVectorFeed). */
  feed: OutboxFeed;
  /** Prefix of the collection names (default `sift-`): several installations can share one Chroma database. */
  collectionPrefix?: string;
  /** Outbox rows per drain transaction (default 500). */
  drainBatch?: number;
  /**
   * A search first drains at most this many pending rows (default 20,000), so it sees every write committed
   * before it; past that (a backfill in progress) it answers from what Chroma has so far.
   */
  searchDrainLimit?: number;
  /** Background drain period once started (ms, default 1,000; 0: only on notifications and searches). */
  drainIntervalMs?: number;
  /** Chroma is asked for `limit × oversample` candidates, re-scored exactly here (default 2). */
  oversample?: number;
  /** HNSW beam width of new collections at search and build time (defaults 200 and 200). */
  efSearch?: number;
  efConstruction?: number;
  logger?: Logger;
}

/**
 * VectorIndex on the Chroma vector database, derived from PostgreSQL. The truth is `chunk_vectors`, written in
 * the chunk transaction (`saveContent`) or by `upsert` through the truth index; triggers fill a transactional
 * outbox in the same transaction, and {@link ChromaOutboxDrainer} moves it into Chroma after writes
 * (notifications), periodically, and before every search (bounded), which therefore sees every write
 * committed before it. `get`, `count`, `upsert` and `dropSpace` go to the truth; searches go to Chroma with
 * the SearchFilter translated into its `where` (filtering inside the query, access control included), one
 * collection per vector space in cosine space. Chroma's candidates (oversampled) are re-scored from the
 * embeddings it returns, so scores and tie order equal the exact index's; `exact: true` searches the truth.
 */
export class ChromaVectorIndex implements VectorIndex {
  private readonly collections: ChromaCollections;
  private readonly drainer: ChromaOutboxDrainer;
  private readonly truth: VectorTruth;
  private readonly feed: OutboxFeed;
  private readonly searchDrainLimit: number;
  private readonly oversample: number;

  constructor(options: ChromaVectorIndexOptions) {
    this.truth = options.truth;
    this.feed = options.feed;
    this.collections = new ChromaCollections(options.client, {
      prefix: options.collectionPrefix ?? 'sift-',
      efSearch: options.efSearch ?? 200,
      efConstruction: options.efConstruction ?? 200,
    });
    this.drainer = new ChromaOutboxDrainer(options.feed, this.collections, {
      batch: options.drainBatch ?? 500,
      intervalMs: options.drainIntervalMs ?? 1_000,
      logger: options.logger,
    });
    this.searchDrainLimit = options.searchDrainLimit ?? 20_000;
    this.oversample = Math.max(1, options.oversample ?? 2);
  }

  /** Registers the outbox consumer (backfilling on first use) and starts the background drain. */
  async start(): Promise<void> {
    await this.drainer.start();
  }

  /** Drains pending outbox rows now (all of them by default); resolves with how many. */
  async flush(maxRows = Number.POSITIVE_INFINITY): Promise<number> {
    return this.drainer.drain(maxRows);
  }

  /** Stores vectors in the truth; the outbox carries them to Chroma (kicked at once). */
  async upsert(space: VectorSpace, items: { chunkId: string; vector: Float32Array }[]): Promise<void> {
    await this.drainer.ready();
    await this.truth.upsert(space, items);
    this.drainer.kick();
  }

  async search(
    space: VectorSpace,
    query: Float32Array,
    options: { filter: SearchFilter; limit: number; exact?: boolean },
  ): Promise<IndexHit[]> {
    const error = queryError(space, query);
    if (error) throw error;
    const where = chromaWhere(options.filter);
    const limit = Math.floor(options.limit);
    const info = await this.feed.describeSpace(space.id);
    if (info && info.dimensions !== space.dimensions) {
      throw dimensionMismatch(space, `the space holds ${info.dimensions}-dimensional vectors`);
    }
    if (!info || info.count === 0 || !(limit > 0) || where === MATCHES_NOTHING) return [];
    if (options.exact) return this.truth.search(space, query, options);
    await this.drainer.drain(this.searchDrainLimit);
    let collection = await this.collections.find(space.id, info.generation);
    if (!collection) {
      // The truth has vectors but Chroma no collection (a server that lost its data): rebuild it from the
      // truth, then answer.
      await this.feed.resync(space.id);
      await this.drainer.drain(this.searchDrainLimit);
      collection = await this.collections.find(space.id, info.generation);
      if (!collection) return [];
    }
    const normalised = normalise(query);
    const wanted = Math.min(info.count, Math.max(limit * this.oversample, limit + 10));
    let result;
    try {
      result = await call(() =>
        collection.query({
          queryEmbeddings: [Array.from(normalised)],
          nResults: wanted,
          ...(where ? { where } : {}),
          include: ['embeddings', 'metadatas'],
        }),
      );
    } catch (err) {
      if (isNotFound(err)) this.collections.forget(space.id, info.generation);
      throw err;
    }
    const ids = result.ids[0] ?? [];
    const embeddings = result.embeddings[0] ?? [];
    const metadatas = result.metadatas[0] ?? [];
    // Exact re-scoring with the stored float32 values: the same numbers, in the same order, as the exact index.
    const scored = ids.map((id, i) => {
      const meta = metadatas[i] ?? {};
      return {
        seq: Number(id),
        chunkId: String(meta[KEYS.chunkId]),
        documentId: String(meta[KEYS.documentId]),
        score: dot(Float32Array.from(embeddings[i] ?? []), normalised),
      };
    });
    scored.sort((a, b) => b.score - a.score || a.seq - b.seq);
    return scored.slice(0, limit).map(({ chunkId, documentId, score }) => ({ chunkId, documentId, score }));
  }

  async get(space: VectorSpace, chunkId: string): Promise<Float32Array | null> {
    return this.truth.get(space, chunkId);
  }

  async count(space: VectorSpace): Promise<number> {
    return this.truth.count(space);
  }

  /** Deletes the space in the truth; its outbox row drops the Chroma collection (at once, or on a retry). */
  async dropSpace(space: VectorSpace): Promise<void> {
    await this.drainer.ready();
    await this.truth.dropSpace(space);
    this.drainer.kick();
  }

  /** Stops the background drain (pending rows stay in the outbox for the next process). */
  async close(): Promise<void> {
    await this.drainer.close();
  }
}
