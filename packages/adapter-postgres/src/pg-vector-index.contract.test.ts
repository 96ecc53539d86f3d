import { describeVectorIndex } from '@sift/contract-tests';
import { describe } from 'vitest';
import { PgMetadataStore } from './pg-metadata-store.adapter.js';
import { PgExactVectorIndex } from './pg-vector-index.adapter.js';
import { createTestPgDatabase, postgresAvailable } from './testing/pg-test-database.js';

const available = await postgresAvailable();

// Each test gets a schema of its own, migrated by the suite through the store, which writes the vectors.
describe.skipIf(!available)('PostgreSQL exact VectorIndex (needs PostgreSQL, #14)', () => {
  // A batch of 7 makes every search with more than a handful of vectors take several round trips.
  for (const batchSize of [2_000, 7]) {
    describeVectorIndex(`postgres exact, batches of ${batchSize}`, async () => {
      const db = await createTestPgDatabase({ migrate: false });
      return {
        store: new PgMetadataStore(db.pool),
        index: new PgExactVectorIndex(db.pool, { batchSize }),
        addUser: async (id) => {
          await db.pool.query(
            `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
             VALUES ($1, $1 || '@example.test', $1, 'Test user', 0, 0)`,
            [id],
          );
        },
        cleanup: () => db.cleanup(),
      };
    });
  }
});
