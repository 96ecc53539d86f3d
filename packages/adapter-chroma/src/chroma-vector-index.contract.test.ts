import { PgExactVectorIndex, PgMetadataStore, PgVectorFeed } from '@sift/adapter-postgres';
import { createTestPgDatabase, postgresAvailable } from '@sift/adapter-postgres/testing';
import { describeVectorIndex } from '@sift/contract-tests';
import { describe } from 'vitest';
import { ChromaVectorIndex } from './chroma-vector-index.adapter.js';
import { chromaAvailable, createTestChromaDatabase } from './testing/chroma-test.js';

const available = (await postgresAvailable()) && (await chromaAvailable());

// Each test gets a PostgreSQL schema and a Chroma database of its own; the suite migrates the store, which
// writes the truth (and, through the triggers of migration 004, the outbox the index drains into Chroma).
describe.skipIf(!available)('Chroma VectorIndex over PostgreSQL (needs PostgreSQL and Chroma, #14)', () => {
  // Searches drain the outbox themselves (read-after-write without any background help), and in the second
  // run a background drain (timer and NOTIFY) competes with them, as in a running server.
  for (const background of [false, true]) {
    describeVectorIndex(background ? 'chroma, background drain' : 'chroma', async () => {
      const db = await createTestPgDatabase({ migrate: false });
      const chroma = await createTestChromaDatabase();
      const index = new ChromaVectorIndex({
        client: chroma.client,
        truth: new PgExactVectorIndex(db.pool),
        feed: new PgVectorFeed(db.pool),
        drainIntervalMs: background ? 25 : 0,
      });
      const store = new PgMetadataStore(db.pool);
      if (background) {
        // The outbox exists once the schema is migrated (the suite's own migrate is then a no-op).
        await store.migrate();
        await index.start();
      }
      return {
        store,
        index,
        addUser: async (id) => {
          await db.pool.query(
            `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
             VALUES ($1, $1 || '@example.test', $1, 'Test user', 0, 0)`,
            [id],
          );
        },
        cleanup: async () => {
          await index.close();
          await chroma.cleanup();
          await db.cleanup();
        },
      };
    });
  }
});
