import { describeEmbeddingCache } from '@sift/contract-tests';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';
import { SqliteEmbeddingCache } from './sqlite-embedding-cache.adapter.js';
import { createTempDatabase } from './testing/temp-database.js';

describeEmbeddingCache('sqlite', async (options) => {
  const temp = createTempDatabase();
  const reopened: SqliteDatabase[] = [];
  return {
    cache: new SqliteEmbeddingCache(temp.db, options),
    // A second connection to the same file, as a restarted process would open.
    reopen: async () => {
      const db = openSqliteDatabase(temp.file);
      reopened.push(db);
      return new SqliteEmbeddingCache(db, options);
    },
    cleanup: async () => {
      for (const db of reopened) db.close();
      temp.cleanup();
    },
  };
});
