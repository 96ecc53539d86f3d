import { describeLexicalIndex } from '@sift/contract-tests';
import { describe } from 'vitest';
import { PgLexicalIndex } from './pg-lexical-index.adapter.js';
import { PgMetadataStore } from './pg-metadata-store.adapter.js';
import { createTestPgDatabase, postgresAvailable } from './testing/pg-test-database.js';

const available = await postgresAvailable();

// Each test gets a schema of its own, migrated by the suite through the store, which writes the index.
describe.skipIf(!available)('PostgreSQL LexicalIndex (needs PostgreSQL, #14)', () => {
  describeLexicalIndex('postgres', async () => {
    const db = await createTestPgDatabase({ migrate: false });
    return {
      store: new PgMetadataStore(db.pool),
      index: new PgLexicalIndex(db.pool),
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
