import { describeLexicalIndex } from '@sift/contract-tests';
import { SqliteLexicalIndex } from './sqlite-lexical-index.adapter.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { createTempDatabase } from './testing/temp-database.js';

describeLexicalIndex('sqlite', async () => {
  const temp = createTempDatabase({ migrate: false });
  const index = new SqliteLexicalIndex(temp.db);
  return {
    store: new SqliteMetadataStore(temp.db),
    index,
    addUser: async (id) => {
      temp.db
        .prepare(
          `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
           VALUES (?, ? || '@example.test', ?, 'Test user', 0, 0)`,
        )
        .run(id, id, id);
    },
    cleanup: async () => {
      index.close();
      temp.cleanup();
    },
  };
});
