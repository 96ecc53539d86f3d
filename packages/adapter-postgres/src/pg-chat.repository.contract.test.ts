import { describeChatRepository } from '@sift/contract-tests';
import { describe } from 'vitest';
import { PgChatRepository } from './pg-chat.repository.js';
import { createTestPgDatabase, postgresAvailable } from './testing/pg-test-database.js';

const available = await postgresAvailable();

// Each test gets a schema of its own, migrated through the whole chain.
describe.skipIf(!available)('PostgreSQL ChatRepository (needs PostgreSQL, #14)', () => {
  describeChatRepository('postgres', async () => {
    const db = await createTestPgDatabase();
    return {
      chats: new PgChatRepository(db.pool),
      addUser: async (id) => {
        await db.pool.query(
          `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
           VALUES ($1, $1 || '@example.test', $1, 'Test user', 0, 0)`,
          [id],
        );
      },
      deleteUser: async (id) => {
        await db.pool.query('DELETE FROM users WHERE id = $1', [id]);
      },
      cleanup: () => db.cleanup(),
    };
  });
});
