import { mkdir } from 'node:fs/promises';
import { FsBlobStore } from '@sift/adapter-fs';
import {
  FtsCompactionPolicy,
  openSqliteDatabase,
  SqliteEmbeddingCache,
  SqliteJobQueue,
  SqliteLexicalIndex,
  SqliteMetadataStore,
  SqliteVectorIndex,
  ThreadedLexicalIndex,
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
  const analysis = { foldDiacritics: config.search.lexicalFoldDiacritics };
  const db = openSqliteDatabase(paths.database, { lexical: analysis });
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
    // Searches on a thread of their own, so a hybrid search's vector leg and HTTP go on meanwhile.
    const lexical = new ThreadedLexicalIndex(new SqliteLexicalIndex(db), {
      file: paths.database,
      analysis,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return {
      metadata,
      queue: new SqliteJobQueue(db),
      blobs: await new FsBlobStore(paths.blobs).init({ tmpGraceMs: config.sweep.graceMs }),
      lexical,
      vectors,
      embeddingCache:
        config.embedding.cacheMaxEntries > 0
          ? new SqliteEmbeddingCache(db, { maxEntries: config.embedding.cacheMaxEntries })
          : null,
      compaction: new FtsCompactionPolicy(db),
      engines: { database: 'sqlite', queue: 'sqlite', vectors: 'sqlite' },
      probes: {},
      close: async () => {
        await lexical.close();
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
