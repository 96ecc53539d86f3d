import { describeChatRepository } from '@sift/contract-tests';
import { SqliteChatRepository } from './sqlite-chat.repository.js';
import { addTestUser, createTempDatabase } from './testing/temp-database.js';

describeChatRepository('sqlite', async () => {
  const temp = createTempDatabase();
  return {
    chats: new SqliteChatRepository(temp.db),
    addUser: async (id) => addTestUser(temp.db, id),
    deleteUser: async (id) => {
      temp.db.prepare('DELETE FROM users WHERE id = ?').run(id);
    },
    cleanup: async () => temp.cleanup(),
  };
});
