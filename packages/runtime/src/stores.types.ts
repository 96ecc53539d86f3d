import path from 'node:path';
import type {
  BlobStore,
  EmbeddingCache,
  EventBus,
  JobQueue,
  LexicalIndex,
  LoginAttemptStore,
  MetadataStore,
  VectorIndex,
} from '@sift/core';

/** The durable backends of one process, and how to let go of them. */
export interface Stores {
  metadata: MetadataStore;
  queue: JobQueue;
  blobs: BlobStore;
  lexical: LexicalIndex;
  vectors: VectorIndex;
  /** Null when SIFT_EMBEDDING_CACHE_MAX is 0. */
  embeddingCache: EmbeddingCache | null;
  /** Which engine serves each part, for readiness and status (`sqlite`, `postgres`, `redis`, `chroma`). */
  engines: { database: string; queue: string; vectors: string };
  /**
   * Readiness probes of backends that live apart from the metadata database (a Redis queue, a Chroma
   * server); absent ones share the database's check.
   */
  probes: { queue?: () => Promise<void>; vectors?: () => Promise<void> };
  /** The metadata database's size as its server reports it (PostgreSQL); absent: SQLite, measured as files. */
  databaseBytes?: () => Promise<number>;
  /**
   * A Redis connection for counters every API node shares (rate limits); absent: counted per process. Typed
   * loosely so the embedded shape's types never name ioredis; the server hands it to @fastify/rate-limit.
   */
  counters?: object;
  /** Failed sign-ins every API node shares (Redis), so guesses spread over nodes add up; absent: per process. */
  loginAttempts?: LoginAttemptStore;
  /**
   * Merges the lexical index when it is fragmented and ingestion is quiet (the SQLite shape's
   * FtsCompactionPolicy); absent where the database maintains its own indexes (PostgreSQL).
   */
  compaction?: { tick(signal?: AbortSignal): Promise<{ ms: number } | null> };
  /** The event bus shared by every process (Redis pub/sub); absent: events stay in this process. */
  events?: EventBus;
  /** Closes the indexes, the metadata store and the database handle; call once, after workers have stopped. */
  close(): Promise<void>;
}

/** File layout inside the data dir, in one place for backups and docs (SIFT_BLOB_DIR may move the blobs). */
export function dataPaths(dataDir: string): { database: string; blobs: string; indexes: string } {
  return {
    database: path.join(dataDir, 'sift.db'),
    blobs: path.join(dataDir, 'blobs'),
    indexes: path.join(dataDir, 'indexes'),
  };
}
