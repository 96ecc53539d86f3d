import { describeChatRepository } from '@sift/contract-tests';
import { SqliteChatRepository } from './sqlite-chat.repository.js';
import { createTempDatabase } from './testing/temp-database.js';

describeChatRepository('sqlite', async () => {
  const temp = createTempDatabase();
  return {
    chats: new SqliteChatRepository(temp.db),
    addUser: async (id) => {
      temp.db
        .prepare(
          `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
           VALUES (?, ? || '@example.test', ?, 'Test user', 0, 0)`,
        )
        .run(id, id, id);
    },
    deleteUser: async (id) => {
      temp.db.prepare('DELETE FROM users WHERE id = ?').run(id);
    },
    cleanup: async () => temp.cleanup(),
  };
});
