import path from 'node:path';
import type { SearchFilter, VectorSpace } from '@sift/core';
import { contentOf, newDocument, unitVectors } from '@sift/contract-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { StatementCache } from './sqlite-statements.js';
import { SqliteVectorIndex } from './sqlite-vector-index.adapter.js';
import { exactTopK } from './sqlite-vector-search.queries.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

const SPACE: VectorSpace = { id: 'model/v1@16', dimensions: 16 };

/**
 * Exact search from memory must answer exactly what scoring inside SQLite answers, and follow every change
 * to the table — also one made by another process (another connection to the file).
 */
describe('SqliteVectorIndex exact search from memory', () => {
  let temp: TempDatabase;
  let store: SqliteMetadataStore;
  let index: SqliteVectorIndex;
  let other: SqliteDatabase;
  let otherStore: SqliteMetadataStore;
  const next = unitVectors(11, SPACE.dimensions);

  const addDocument = async (target: SqliteMetadataStore, n: number, tags: string[] = []) => {
    const doc = await target.documents.insert(newDocument({ tags }));
    const content = contentOf('x'.repeat(n), Array<number>(n).fill(1), { status: 'processed' });
    await target.documents.saveContent(doc.id, {
      ...content,
      vectors: { space: SPACE, vectors: Array.from({ length: n }, next) },
    });
    return doc.id;
  };
  /** The answer of brute force inside SQLite, the reference. */
  const reference = (query: Float32Array, filter: SearchFilter) =>
    exactTopK(new StatementCache(temp.db), SPACE.id, query, filter, 10).map(
      ({ chunkId, documentId, score }) => ({
        chunkId,
        documentId,
        score,
      }),
    );
  const search = (query: Float32Array, filter: SearchFilter = {}) =>
    index.search(SPACE, query, { filter, limit: 10, exact: true });

  beforeEach(async () => {
    temp = createTempDatabase();
    store = new SqliteMetadataStore(temp.db);
    await store.ensureLocalUser();
    index = new SqliteVectorIndex(temp.db, { indexDir: path.join(temp.dir, 'indexes') });
    other = openSqliteDatabase(temp.file);
    otherStore = new SqliteMetadataStore(other);
  });
  afterEach(async () => {
    await index.close();
    other.close();
    temp.cleanup();
  });

  it('ranks exactly as scoring inside SQLite does, with and without a filter', async () => {
    for (let i = 0; i < 12; i++) await addDocument(store, 5, i % 3 === 0 ? ['red'] : []);
    for (let q = 0; q < 5; q++) {
      const query = next();
      expect(await search(query)).toEqual(reference(query, {}));
      expect(await search(query, { tags: ['red'] })).toEqual(reference(query, { tags: ['red'] }));
    }
  });

  it('sees vectors added, replaced and deleted by another process', async () => {
    await addDocument(store, 4);
    const query = next();
    await search(query);

    const added = await addDocument(otherStore, 6);
    const afterAdd = await search(query);
    expect(afterAdd).toEqual(reference(query, {}));
    expect(afterAdd.some((h) => h.documentId === added)).toBe(true);

    // Re-processing replaces a document's chunks and vectors.
    await otherStore.documents.saveContent(added, {
      ...contentOf('y'.repeat(3), [1, 1, 1], { status: 'processed' }),
      vectors: { space: SPACE, vectors: [query, next(), next()] },
    });
    const afterReplace = await search(query);
    expect(afterReplace).toEqual(reference(query, {}));
    expect(afterReplace[0]!.documentId).toBe(added);
    expect(afterReplace[0]!.score).toBeCloseTo(1, 5);

    await otherStore.documents.delete(added);
    const afterDelete = await search(query);
    expect(afterDelete).toEqual(reference(query, {}));
    expect(afterDelete.some((h) => h.documentId === added)).toBe(false);
  });
});
