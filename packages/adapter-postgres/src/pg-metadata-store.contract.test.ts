import { describeMetadataStore } from '@sift/contract-tests';
import { describe } from 'vitest';
import { PgMetadataStore } from './pg-metadata-store.adapter.js';
import { createTestPgDatabase, postgresAvailable } from './testing/pg-test-database.js';

const available = await postgresAvailable();

// Each test gets a schema of its own, migrated by the suite through the store.
describe.skipIf(!available)('PostgreSQL MetadataStore (needs PostgreSQL, #14)', () => {
  describeMetadataStore('postgres', async () => {
    const db = await createTestPgDatabase({ migrate: false });
    return {
      store: new PgMetadataStore(db.pool),
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
});
