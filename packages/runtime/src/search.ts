import type { Config } from '@sift/config';
import {
  CachedEmbedder,
  QueryCache,
  SearchService,
  Semaphore,
  SimilarDocumentsService,
  VectorSpaceService,
  type Embedder,
  type EventBus,
  type Logger,
  type Reranker,
  type SearchResponse,
  type Telemetry,
} from '@sift/core';
import { createEmbedder, embedderForModel } from './embedding.js';
import { MeteredEmbedder } from './metered-embedder.js';
import type { EmbedderStatus } from './serving-embedder.js';
import { hybridAlphaPreset } from './hybrid-alpha-presets.js';
import { searchRerankers } from './rerankers.js';
import type { Stores } from './stores.js';

/** The search use cases of one process, wired from config. */
export interface Search {
  /** The configured embedder behind the content-hash cache; null with SIFT_EMBEDDER=none. */
  embedder: Embedder | null;
  /** Which embedder this process runs and why (readiness, `sift status`); null with SIFT_EMBEDDER=none. */
  embedderStatus(): EmbedderStatus | null;
  spaces: VectorSpaceService;
  service: SearchService;
  similar: SimilarDocumentsService;
  cache: QueryCache<SearchResponse> | null;
  close(): Promise<void>;
}

/**
 * Builds embedder, vector spaces, rerankers, query cache and the search service. Every embedder of the process
 * shares one semaphore, so SIFT_EMBEDDING_CONCURRENCY holds across ingestion, re-embedding and queries.
 */
export function createSearch(
  config: Config,
  deps: {
    stores: Stores;
    events: EventBus;
    logger: Logger;
    rerankers?: Record<string, Reranker>;
    telemetry?: Telemetry;
  },
): Search {
  const { stores, logger } = deps;
  const semaphore = new Semaphore(config.embedding.concurrency);
  // Metered under the cache: only calls into the model are embedding batches.
  const meter = (inner: Embedder | null): Embedder | null =>
    inner && deps.telemetry ? new MeteredEmbedder(inner, deps.telemetry) : inner;
  const wrap = (model: Embedder | null): Embedder | null => {
    const inner = meter(model);
    return inner && stores.embeddingCache
      ? new CachedEmbedder(inner, {
          cache: stores.embeddingCache,
          concurrency: semaphore,
          batchSize: config.embedding.batchSize,
          logger,
        })
      : inner;
  };
  const owned: Embedder[] = [];
  const serving = createEmbedder(config, logger);
  const embedder = wrap(serving);
  if (embedder) owned.push(embedder);
  const spaces = new VectorSpaceService({
    metadata: stores.metadata,
    vectors: stores.vectors,
    lexical: stores.lexical,
    hybridAlphaPreset,
    embedder,
    events: deps.events,
    embedderFor: (model) => {
      const other = wrap(embedderForModel(config, model));
      if (other) owned.push(other);
      return other;
    },
    logger,
  });
  const { rerankers, defaultReranker } = searchRerankers(config, logger, deps.rerankers);
  const cache =
    config.search.queryCacheTtlMs > 0
      ? new QueryCache<SearchResponse>({ ttlMs: config.search.queryCacheTtlMs })
      : null;
  if (cache) {
    // A changed document changes the answers of its scope; a new serving space changes every answer.
    const drop = (collectionId: string | null) => cache.invalidate(collectionId);
    deps.events.subscribe((event) => {
      if (event.type === 'document.processed') drop(event.document.collectionId);
      else if (event.type === 'document.deleted') drop(event.collectionId);
      else if (event.type === 'search.space_switched') cache.clear();
    });
  }
  const service = new SearchService(
    {
      metadata: stores.metadata,
      lexical: stores.lexical,
      vectors: stores.vectors,
      spaces,
      rerankers,
      logger,
      ...(cache ? { cache } : {}),
      ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
    },
    {
      candidates: config.search.candidates,
      weights: { lexical: 1, vector: config.search.vectorWeight },
      fusion: config.search.fusion,
      alpha: config.search.alpha,
      defaultReranker,
      rerankDepth: config.search.rerankTopK,
      rerankBudgetMs: config.search.rerankBudgetMs,
    },
  );
  return {
    embedder,
    embedderStatus: () => serving?.status() ?? null,
    spaces,
    service,
    similar: new SimilarDocumentsService({ metadata: stores.metadata, vectors: stores.vectors, spaces }),
    cache,
    async close() {
      await Promise.all([
        ...owned.map((e) => e.close()),
        ...Object.values(rerankers).map((r) => r.close?.()),
      ]);
    },
  };
}
