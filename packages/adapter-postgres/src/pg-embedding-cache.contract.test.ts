import { describeEmbeddingCache } from '@sift/contract-tests';
import { describe } from 'vitest';
import { createPgPool, type PgPool } from './pg-database.js';
import { PgEmbeddingCache } from './pg-embedding-cache.adapter.js';
import { createTestPgDatabase, postgresAvailable, TEST_POSTGRES_URL } from './testing/pg-test-database.js';

const available = await postgresAvailable();

// Each test gets a schema of its own, migrated through the whole chain.
describe.skipIf(!available)('PostgreSQL EmbeddingCache (needs PostgreSQL, #14)', () => {
  describeEmbeddingCache('postgres', async (options) => {
    const db = await createTestPgDatabase();
    const pools: PgPool[] = [];
    return {
      cache: new PgEmbeddingCache(db.pool, options),
      // A pool of its own, as another process (or this one restarted) would open.
      reopen: async () => {
        const pool = createPgPool(TEST_POSTGRES_URL, { max: 1, searchPath: db.schema });
        pools.push(pool);
        return new PgEmbeddingCache(pool, options);
      },
      cleanup: async () => {
        for (const pool of pools) await pool.end();
        await db.cleanup();
      },
    };
  });
});
