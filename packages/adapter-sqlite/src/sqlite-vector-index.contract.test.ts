import fs from 'node:fs';
import { describeVectorIndex } from '@sift/contract-tests';
import path from 'node:path';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { SqliteVectorIndex, type SqliteVectorIndexOptions } from './sqlite-vector-index.adapter.js';
import { addTestUser, createTempDatabase } from './testing/temp-database.js';

function sqliteVectorIndex(options: Omit<SqliteVectorIndexOptions, 'indexDir'>) {
  return async () => {
    const temp = createTempDatabase({ migrate: false });
    const indexDir = path.join(temp.dir, 'data', 'indexes');
    const index = new SqliteVectorIndex(temp.db, { indexDir, ...options });
    return {
      store: new SqliteMetadataStore(temp.db),
      index,
      addUser: async (id: string) => addTestUser(temp.db, id),
      cleanup: async () => {
        await index.close();
        temp.cleanup();
        fs.rmSync(indexDir, { recursive: true, force: true });
      },
    };
  };
}

// Small spaces: every search is brute force inside SQLite.
describeVectorIndex('sqlite, exact', sqliteVectorIndex({}));

// Every search goes through the HNSW index (rebuilt after each change before answering), and no filter counts
// as selective, so filtered searches take the oversample-and-post-filter path.
describeVectorIndex(
  'sqlite, ANN',
  sqliteVectorIndex({ annThreshold: 0, waitForAnn: true, selectiveCount: 0, selectiveFraction: 0 }),
);
