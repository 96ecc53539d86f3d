import { contentOf, newDocument } from '@sift/contract-tests';
import { DEFAULT_CHUNKING, LOCAL_USER_ID, type SwapCheck, type VectorSpaceProfile } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PgMetadataStore } from './pg-metadata-store.adapter.js';
import { createTestPgDatabase, postgresAvailable, type TestPgDatabase } from './testing/pg-test-database.js';

const available = await postgresAvailable();
const SETTINGS = { chunking: DEFAULT_CHUNKING, ocrLanguages: ['eng'] };
const LONG = 'A chunk long enough to be a useful probe of the vector space. ';

/** The search state the contract suite does not cover: query log, serving space, re-embedding work list. */
describe.skipIf(!available)('PgSearchRepository (needs PostgreSQL, #14)', () => {
  let db: TestPgDatabase;
  let store: PgMetadataStore;

  beforeEach(async () => {
    db = await createTestPgDatabase();
    store = new PgMetadataStore(db.pool);
    await store.ensureLocalUser();
  });

  afterEach(() => db.cleanup());

  it('logs queries and lists them newest first, of everyone or one user', async () => {
    for (const [query, userId] of [
      ['first', LOCAL_USER_ID],
      ['second', null],
      ['third', LOCAL_USER_ID],
    ] as const) {
      await store.search.recordQuery({
        userId,
        query,
        mode: 'hybrid',
        filters: { tags: ['a'] },
        resultsCount: 2,
        latencyMs: 12.6,
      });
    }
    const all = await store.search.listQueries({ limit: 10 });
    expect(all.map((q) => q.query)).toEqual(['third', 'second', 'first']);
    expect(all[0]).toEqual({
      id: expect.any(String),
      userId: LOCAL_USER_ID,
      query: 'third',
      mode: 'hybrid',
      filters: { tags: ['a'] },
      resultsCount: 2,
      latencyMs: 13,
      createdAt: expect.any(String),
    });
    expect((await store.search.listQueries({ limit: 1, userId: LOCAL_USER_ID })).map((q) => q.query)).toEqual(
      ['third'],
    );
  });

  it('switches the serving space, stamping its model on every collection, old and new', async () => {
    expect(await store.search.servingSpace()).toBeNull();
    const before = await store.collections.create({
      ownerId: LOCAL_USER_ID,
      name: 'before',
      settings: SETTINGS,
    });
    await store.search.setServingSpace({ id: 'model-a@384', dimensions: 384 });
    expect(await store.search.servingSpace()).toEqual({ id: 'model-a@384', dimensions: 384 });
    expect(await store.collections.get(before.id)).toMatchObject({
      embeddingModel: 'model-a',
      embeddingDim: 384,
    });
    const after = await store.collections.create({
      ownerId: LOCAL_USER_ID,
      name: 'after',
      settings: SETTINGS,
    });
    expect(after).toMatchObject({ embeddingModel: 'model-a', embeddingDim: 384 });
  });

  it('lists the chunks still missing a vector in a space, oldest first, and a stable sample', async () => {
    const doc = await store.documents.insert(newDocument());
    const text = LONG.repeat(3);
    await store.documents.saveContent(
      doc.id,
      contentOf(text, [LONG.length, LONG.length, LONG.length], { title: 'T' }),
    );
    const chunks = await store.documents.listChunks(doc.id);
    const missing = await store.search.chunksMissingVectors('space@3', 2);
    expect(missing).toEqual(
      chunks
        .slice(0, 2)
        .map((c) => ({ chunkId: c.id, documentId: doc.id, content: c.content, headingPath: [], title: 'T' })),
    );
    expect(await store.search.countChunksMissingVectors('space@3')).toBe(3);
    await db.pool.query(
      `INSERT INTO vector_spaces (id, dimensions, created_at, updated_at) VALUES ('space@3', 3, 0, 0);
       INSERT INTO chunk_vectors (space, chunk_seq, vector)
         SELECT 'space@3', seq, '\\x0000803f0000000000000000' FROM document_chunks WHERE chunk_index = 0`,
    );
    expect(await store.search.countChunksMissingVectors('space@3')).toBe(2);
    expect((await store.search.chunksMissingVectors('space@3', 10)).map((c) => c.chunkId)).toEqual(
      chunks.slice(1).map((c) => c.id),
    );
    const sample = await store.search.sampleChunks(2);
    expect(sample).toHaveLength(2);
    expect(await store.search.sampleChunks(2)).toEqual(sample);
    expect(await store.search.countDocumentsWithChunks()).toBe(1);
  });

  it('keeps space profiles and the swap check', async () => {
    const profile: VectorSpaceProfile = {
      spaceId: 'model-a@384',
      hybridAlpha: 0.4,
      alphaSource: 'default',
      note: null,
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    await store.search.saveSpaceProfile(profile);
    expect(await store.search.spaceProfile('model-a@384')).toEqual(profile);
    expect(await store.search.spaceProfile('other@1')).toBeNull();
    await store.search.deleteSpaceProfile('model-a@384');
    expect(await store.search.spaceProfile('model-a@384')).toBeNull();
    expect(await store.search.swapCheck()).toBeNull();
    const check: SwapCheck = {
      from: null,
      to: 'model-a@384',
      status: 'passed',
      reasons: [],
      metrics: null,
      checkedAt: '2025-01-01T00:00:00.000Z',
      decidedBy: null,
      decidedAt: null,
    };
    await store.search.saveSwapCheck(check);
    expect(await store.search.swapCheck()).toEqual(check);
  });
});
