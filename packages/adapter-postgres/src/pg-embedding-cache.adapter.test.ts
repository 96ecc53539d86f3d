import { afterEach, describe, expect, it } from 'vitest';
import { createPgPool, type PgPool } from './pg-database.js';
import { PgEmbeddingCache } from './pg-embedding-cache.adapter.js';
import {
  createTestPgDatabase,
  postgresAvailable,
  TEST_POSTGRES_URL,
  type TestPgDatabase,
} from './testing/pg-test-database.js';

const available = await postgresAvailable();

/** What only a shared server adds to the contract: several processes writing and reading the cache at once. */
describe.skipIf(!available)('PgEmbeddingCache across processes (needs PostgreSQL, #14)', () => {
  let db: TestPgDatabase;
  const pools: PgPool[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end();
    await db.cleanup();
  });

  it('takes overlapping batches from several pools at once without deadlock, each key holding one whole vector', async () => {
    db = await createTestPgDatabase();
    const caches = Array.from({ length: 4 }, () => {
      const pool = createPgPool(TEST_POSTGRES_URL, { max: 2, searchPath: db.schema });
      pools.push(pool);
      return new PgEmbeddingCache(pool, { maxEntries: 300 });
    });
    const keys = Array.from({ length: 400 }, (_, i) => `k${i}`);
    // Each writer walks the keys in its own order, so without a fixed lock order the batches would deadlock.
    await Promise.all(
      caches.flatMap((cache, w) =>
        [0, 1, 2].map(async (round) => {
          const order = w % 2 === 0 ? keys : [...keys].reverse();
          await cache.putMany(
            order.map((key) => ({ key, vector: Float32Array.from([w, round, key.length]) })),
          );
          await cache.getMany(order.slice(0, 100));
        }),
      ),
    );
    // Eviction ran meanwhile (each writer put 1,200 entries): some keys may be gone, none may be torn.
    const vectors = await caches[0]!.getMany(keys);
    for (const [i, vector] of vectors.entries()) {
      if (vector === null) continue;
      expect(vector).toHaveLength(3);
      expect(vector[2]).toBe(keys[i]!.length);
    }
  });
});
