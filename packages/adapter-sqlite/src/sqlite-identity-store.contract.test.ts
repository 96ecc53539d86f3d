import { describeIdentityStore } from '@sift/contract-tests';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { createTempDatabase } from './testing/temp-database.js';

describeIdentityStore('sqlite', async () => {
  const temp = createTempDatabase();
  const run = (sql: string, ...params: unknown[]) => temp.db.prepare(sql).run(...params);
  return {
    identity: new SqliteMetadataStore(temp.db).identity,
    addUser: async (id) => {
      run(
        `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
         VALUES (?, ? || '@example.test', ?, 'Test user', 0, 0)`,
        id,
        id,
        id,
      );
    },
    deleteUser: async (id) => {
      run('DELETE FROM users WHERE id = ?', id);
    },
    addCollection: async (id, ownerId) => {
      run(
        `INSERT INTO collections (id, owner_id, name, created_at, updated_at) VALUES (?, ?, ?, 0, 0)`,
        id,
        ownerId,
        id,
      );
    },
    deleteCollection: async (id) => {
      run('DELETE FROM collections WHERE id = ?', id);
    },
    cleanup: async () => temp.cleanup(),
  };
});
