export {
  createPgPool,
  withTransaction,
  type PgClient,
  type PgPool,
  type PgPoolOptions,
} from './pg-database.js';
export { pgSchemaVersion, runPgMigrations } from './pg-migrator.js';
export { PgMetadataStore, type PgMetadataStoreOptions } from './pg-metadata-store.adapter.js';
export { PgDocumentRepository } from './pg-document.repository.js';
export { PgCollectionRepository } from './pg-collection.repository.js';
export { PgFolderRepository } from './pg-folder.repository.js';
export { PgSourceRepository } from './pg-source.repository.js';
export { PgSearchRepository } from './pg-search.repository.js';
export { PgStatsRepository } from './pg-stats.repository.js';
export { PgAnalyticsRepository } from './pg-analytics.repository.js';
export { PgIdentityStore } from './pg-identity.store.js';
export { PgChatRepository } from './pg-chat.repository.js';
export { PgEmbeddingCache, type PgEmbeddingCacheOptions } from './pg-embedding-cache.adapter.js';
export { PgExactVectorIndex, type PgExactVectorIndexOptions } from './pg-vector-index.adapter.js';
export { PgVectorFeed } from './pg-vector-feed.js';
export {
  DEFAULT_LEXICAL_WEIGHTS,
  PgLexicalIndex,
  type LexicalColumnWeights,
  type PgLexicalIndexOptions,
} from './pg-lexical-index.adapter.js';
export { indexLexicalChunks, pgLexicalAnalyzer, type LexicalChunkRow } from './pg-lexical-rows.js';
export { reindexLexicalIfAnalysisChanged } from './pg-lexical-rebuild.js';
export { importPgRows, pgImportColumns, resetPgIdentity, type PgImportColumn } from './pg-import.js';
export { searchFilterSql } from './pg-search-filter.js';
