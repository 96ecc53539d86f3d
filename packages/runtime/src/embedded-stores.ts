import { mkdir } from 'node:fs/promises';
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
import type { Logger } from '@sift/core';
import { dataPaths, type Stores } from './stores.types.js';

/** Everything in the data dir: SQLite for metadata, queue and both indexes; blobs as files. */
export async function openEmbeddedStores(
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
