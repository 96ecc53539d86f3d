export { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';
export { runMigrations } from './sqlite-migrator.js';
export { MIGRATIONS as SQLITE_MIGRATIONS } from './migrations/migration-registry.js';
export { reindexIfAnalysisChanged } from './fts-analysis.js';
export type { SqliteMigration } from './migrations/sqlite-migration.js';
export { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
export {
  backupSqliteDatabase,
  checkSqliteDatabase,
  readMigrationLevel,
  readSnapshotFacts,
  type SqliteProblem,
  type SqliteSnapshotFacts,
} from './sqlite-backup.js';
export { SqliteJobQueue, type SqliteJobQueueOptions } from './sqlite-job-queue.adapter.js';
export { SqliteDocumentRepository } from './sqlite-document.repository.js';
export { SqliteCollectionRepository } from './sqlite-collection.repository.js';
export { SqliteFolderRepository } from './sqlite-folder.repository.js';
export { SqliteSourceRepository } from './sqlite-source.repository.js';
export { buildChunkFilter, type ChunkFilterAliases, type SqlFragment } from './sqlite-search-filter.js';
export { SqliteVectorIndex, type SqliteVectorIndexOptions } from './sqlite-vector-index.adapter.js';
export { annPaths, readSidecar, type HnswParams } from './sqlite-ann-files.js';
export {
  DEFAULT_LEXICAL_WEIGHTS,
  SqliteLexicalIndex,
  type LexicalColumnWeights,
  type SqliteLexicalIndexOptions,
} from './sqlite-lexical-index.adapter.js';
export {
  compactFtsIndex,
  countFtsSegments,
  FtsCompactionPolicy,
  type FtsCompaction,
} from './fts-compaction.js';
export { DEFAULT_LEXICAL_PRUNING, type LexicalPruning } from './fts-query.js';
export { ThreadedLexicalIndex, type LexicalReaderOptions } from './sqlite-lexical-reader.js';
export { SqliteSearchRepository } from './sqlite-search.repository.js';
export { SqliteStatsRepository } from './sqlite-stats.repository.js';
export { SqliteAnalyticsRepository } from './sqlite-analytics.repository.js';
export { SqliteEmbeddingCache, type SqliteEmbeddingCacheOptions } from './sqlite-embedding-cache.adapter.js';
export { SqliteChatRepository } from './sqlite-chat.repository.js';
