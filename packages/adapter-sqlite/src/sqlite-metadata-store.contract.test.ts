import { describeMetadataStore } from '@sift/contract-tests';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { createTempDatabase } from './testing/temp-database.js';

describeMetadataStore('sqlite', async () => {
  const temp = createTempDatabase({ migrate: false });
  return {
    store: new SqliteMetadataStore(temp.db),
    addUser: async (id) => {
      temp.db
        .prepare(
          `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
           VALUES (?, ? || '@example.test', ?, 'Test user', 0, 0)`,
        )
        .run(id, id, id);
    },
    cleanup: async () => temp.cleanup(),
  };
});
