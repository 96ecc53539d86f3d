import { describeIdentityStore } from '@sift/contract-tests';
import { describe } from 'vitest';
import { PgIdentityStore } from './pg-identity.store.js';
import { createTestPgDatabase, postgresAvailable } from './testing/pg-test-database.js';

const available = await postgresAvailable();

// Each test gets a schema of its own, migrated through the whole chain.
describe.skipIf(!available)('PostgreSQL IdentityStore (needs PostgreSQL, #14)', () => {
  describeIdentityStore('postgres', async () => {
    const db = await createTestPgDatabase();
    const run = async (sql: string, params: unknown[]) => {
      await db.pool.query(sql, params);
    };
    return {
      identity: new PgIdentityStore(db.pool),
      addUser: (id) =>
        run(
          `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
           VALUES ($1, $1 || '@example.test', $1, 'Test user', 0, 0)`,
          [id],
        ),
      deleteUser: (id) => run('DELETE FROM users WHERE id = $1', [id]),
      addCollection: (id, ownerId) =>
        run(
          `INSERT INTO collections (id, owner_id, name, created_at, updated_at) VALUES ($1, $2, $1, 0, 0)`,
          [id, ownerId],
        ),
      deleteCollection: (id) => run('DELETE FROM collections WHERE id = $1', [id]),
      cleanup: () => db.cleanup(),
    };
  });
});
