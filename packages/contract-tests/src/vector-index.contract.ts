import { describe } from 'vitest';
import { freshStorePerTest } from './fresh-store.js';
import { filterCases } from './vector-index-filter.cases.js';
import { searchCases } from './vector-index-search.cases.js';
import { storageCases } from './vector-index-storage.cases.js';
import type { VectorFixture, VectorIndexFactory } from './vector-index.fixture.js';

/**
 * The behaviour every VectorIndex adapter must have, as one vitest suite: vectors stored with their chunks
 * (atomically, normalised, gone with their document), upserted later, kept per space; exact nearest
 * neighbours by cosine; every SearchFilter field applied inside the index, so a selective filter still gets
 * `limit` hits; dimension checks. Each test gets a fresh store and index from `factory`, migrated here, with
 * the local user and a second account (`OTHER_OWNER`), and cleans them up afterwards. Run it once per search
 * path an adapter has (e.g. exact and ANN):
 *
 * ```ts
 * describeVectorIndex('sqlite', async () => { const db = …; return { store, index: new SqliteVectorIndex(db, opts), addUser, cleanup } });
 * ```
 */
export function describeVectorIndex(name: string, factory: VectorIndexFactory): void {
  describe(`VectorIndex contract: ${name}`, () => {
    const handle = freshStorePerTest(factory);
    const fixture: VectorFixture = {
      get store() {
        return handle().store;
      },
      get index() {
        return handle().index;
      },
    };

    describe('storage', () => storageCases(fixture));
    describe('nearest neighbours', () => searchCases(fixture));
    describe('filters', () => filterCases(fixture));
  });
}
