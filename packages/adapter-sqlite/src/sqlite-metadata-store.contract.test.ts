import { describeMetadataStore } from '@sift/contract-tests';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { addTestUser, createTempDatabase } from './testing/temp-database.js';

describeMetadataStore('sqlite', async () => {
  const temp = createTempDatabase({ migrate: false });
  return {
    store: new SqliteMetadataStore(temp.db),
    addUser: async (id) => addTestUser(temp.db, id),
    cleanup: async () => temp.cleanup(),
  };
});
