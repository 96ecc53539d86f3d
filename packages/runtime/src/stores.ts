import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { FsBlobStore } from '@sift/adapter-fs';
import {
  openSqliteDatabase,
  SqliteEmbeddingCache,
  SqliteJobQueue,
  SqliteLexicalIndex,
  SqliteMetadataStore,
  SqliteVectorIndex,
} from '@sift/adapter-sqlite';
import type { Config } from '@sift/config';
import type {
  BlobStore,
  EmbeddingCache,
  JobQueue,
  LexicalIndex,
  Logger,
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

/**
 * Chooses and opens the backends (the only place that does): the embedded SQLite database for metadata, the
 * job queue and both search indexes (FTS5, vectors with HNSW files under `<data>/indexes`), and
 * content-addressed files for blobs. Creates the data dir; unless `migrate` is false, applies pending
 * migrations and ensures the local user.
 */
export async function openStores(
  config: Config,
  options: { migrate?: boolean; logger?: Logger } = {},
): Promise<Stores> {
  const paths = { ...dataPaths(config.dataDir), blobs: config.backends.blobDir };
  await mkdir(paths.blobs, { recursive: true });
  const db = openSqliteDatabase(paths.database, {
    lexical: { foldDiacritics: config.search.lexicalFoldDiacritics },
  });
  try {
    const metadata = new SqliteMetadataStore(db);
    if (options.migrate !== false) {
      await metadata.migrate();
      await metadata.ensureLocalUser();
    }
    const vectors = new SqliteVectorIndex(db, {
      indexDir: paths.indexes,
      annThreshold: config.search.annThreshold,
      hnsw: { expansionSearch: config.search.annExpansionSearch },
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return {
      metadata,
      queue: new SqliteJobQueue(db),
      blobs: await new FsBlobStore(paths.blobs).init({ tmpGraceMs: config.sweep.graceMs }),
      lexical: new SqliteLexicalIndex(db),
      vectors,
      embeddingCache:
        config.embedding.cacheMaxEntries > 0
          ? new SqliteEmbeddingCache(db, { maxEntries: config.embedding.cacheMaxEntries })
          : null,
      engines: { database: 'sqlite', queue: 'sqlite', vectors: 'sqlite' },
      probes: {},
      close: async () => {
        await vectors.close();
        await metadata.close();
        // The store may already have closed the shared handle; closing twice would throw.
        if (db.open) db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
