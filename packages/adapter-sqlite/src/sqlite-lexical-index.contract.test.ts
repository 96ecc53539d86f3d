import { describeLexicalIndex } from '@sift/contract-tests';
import { SqliteLexicalIndex } from './sqlite-lexical-index.adapter.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { addTestUser, createTempDatabase } from './testing/temp-database.js';

describeLexicalIndex('sqlite', async () => {
  const temp = createTempDatabase({ migrate: false });
  const index = new SqliteLexicalIndex(temp.db);
  return {
    store: new SqliteMetadataStore(temp.db),
    index,
    addUser: async (id) => addTestUser(temp.db, id),
    cleanup: async () => {
      index.close();
      temp.cleanup();
    },
  };
});
