import { PgExactVectorIndex, PgMetadataStore, PgVectorFeed } from '@sift/adapter-postgres';
import { createTestPgDatabase, postgresAvailable, type TestPgDatabase } from '@sift/adapter-postgres/testing';
import { OTHER_OWNER, OWNER, contentOf, newDocument } from '@sift/contract-tests';
import { DEFAULT_CHUNKING, type SearchFilter, type VectorSpace } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChromaVectorIndex } from './chroma-vector-index.adapter.js';
import {
  chromaAvailable,
  createTestChromaDatabase,
  unreachableChromaClient,
  type TestChromaDatabase,
} from './testing/chroma-test.js';

const available = (await postgresAvailable()) && (await chromaAvailable());
const SPACE: VectorSpace = { id: 'consistency@2', dimensions: 2 };
const SETTINGS = { chunking: DEFAULT_CHUNKING, ocrLanguages: ['eng'] };

describe.skipIf(!available)('Chroma VectorIndex consistency with PostgreSQL (needs both, #14)', () => {
  let db: TestPgDatabase;
  let chroma: TestChromaDatabase;
  let store: PgMetadataStore;
  let feed: PgVectorFeed;
  const indexes: ChromaVectorIndex[] = [];

  /** An index over the test's truth; `down` points it at a port where no Chroma listens. */
  function openIndex(options: { down?: boolean; drainIntervalMs?: number } = {}): ChromaVectorIndex {
    const index = new ChromaVectorIndex({
      client: options.down ? unreachableChromaClient(chroma.database) : chroma.client,
      truth: new PgExactVectorIndex(db.pool),
      feed,
      drainIntervalMs: options.drainIntervalMs ?? 0,
    });
    indexes.push(index);
    return index;
  }

  beforeEach(async () => {
    db = await createTestPgDatabase({ migrate: false });
    chroma = await createTestChromaDatabase();
    store = new PgMetadataStore(db.pool);
    await store.migrate();
    await store.ensureLocalUser();
    await db.pool.query(
      `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
       VALUES ($1, 'other@example.test', 'other', 'Other', 0, 0)`,
      [OTHER_OWNER],
    );
    feed = new PgVectorFeed(db.pool);
  });
  afterEach(async () => {
    for (const index of indexes.splice(0)) await index.close();
    await chroma.cleanup();
    await db.cleanup();
  });

  async function addDocument(vectors: number[][], overrides: Parameters<typeof newDocument>[0] = {}) {
    const doc = await store.documents.insert(newDocument(overrides));
    await store.documents.saveContent(doc.id, {
      ...contentOf(
        'x'.repeat(vectors.length),
        vectors.map(() => 1),
        { status: 'processed' },
      ),
      vectors: { space: SPACE, vectors: vectors.map((v) => Float32Array.from(v)) },
    });
    const chunks = await store.documents.listChunks(doc.id);
    return { doc, chunkIds: chunks.map((c) => c.id) };
  }

  /** The Chroma collection of SPACE, as the index names it (`sift-<space>-g<generation>`). */
  async function spaceCollection() {
    const { generation } = (await feed.describeSpace(SPACE.id))!;
    return chroma.client.getCollection({
      name: `sift-consistency_2-g${generation}`,
      embeddingFunction: { generate: async () => [] },
    });
  }

  const found = async (index: ChromaVectorIndex, filter: SearchFilter = {}) =>
    (await index.search(SPACE, Float32Array.from([1, 0]), { filter, limit: 10 })).map((h) => h.documentId);

  it('keeps a chunk committed while Chroma is down in the outbox, and finds it once Chroma is back', async () => {
    const down = openIndex({ down: true });
    await expect(down.start()).resolves.toBeUndefined(); // Registering needs PostgreSQL only.
    const { doc } = await addDocument([[1, 0]]);
    // Committed in PostgreSQL: the truth has it whatever Chroma's state.
    expect(await down.count(SPACE)).toBe(1);
    await expect(found(down)).rejects.toMatchObject({ code: 'VECTOR_INDEX_UNAVAILABLE', retryable: true });
    expect(await feed.pending()).toBe(1);
    // The same outbox drained by a process that reaches Chroma (or this one once the server is back).
    const up = openIndex();
    expect(await found(up)).toEqual([doc.id]);
    expect(await feed.pending()).toBe(0);
  });

  it('drops a space while Chroma is down and removes its collection on the next drain', async () => {
    await addDocument([[1, 0]]);
    const up = openIndex();
    expect(await found(up)).toHaveLength(1);
    expect(await chroma.client.countCollections()).toBe(1);
    const down = openIndex({ down: true });
    await down.dropSpace(SPACE);
    expect(await down.count(SPACE)).toBe(0);
    expect(await feed.pending()).toBe(1);
    await up.flush();
    expect(await chroma.client.countCollections()).toBe(0);
  });

  it('moves a document’s vectors to its new collection in Chroma’s metadata', async () => {
    const inbox = await store.collections.create({ ownerId: OWNER, name: 'Inbox', settings: SETTINGS });
    const archive = await store.collections.create({ ownerId: OWNER, name: 'Archive', settings: SETTINGS });
    const { doc } = await addDocument([[1, 0]], { collectionId: inbox.id });
    const index = openIndex();
    expect(await found(index, { collectionIds: [inbox.id] })).toEqual([doc.id]);
    await store.documents.update(doc.id, { collectionId: archive.id, tags: ['moved'] });
    expect(await found(index, { collectionIds: [inbox.id] })).toEqual([]);
    expect(await found(index, { collectionIds: [archive.id] })).toEqual([doc.id]);
    expect(await found(index, { tags: ['moved'] })).toEqual([doc.id]);
  });

  it('applies access inside Chroma: own documents or those of reachable collections', async () => {
    const shared = await store.collections.create({
      ownerId: OTHER_OWNER,
      name: 'Shared',
      settings: SETTINGS,
    });
    const closed = await store.collections.create({
      ownerId: OTHER_OWNER,
      name: 'Closed',
      settings: SETTINGS,
    });
    const mine = await addDocument([[1, 0]]);
    const theirsShared = await addDocument([[0.9, 0.1]], { ownerId: OTHER_OWNER, collectionId: shared.id });
    await addDocument([[0.8, 0.2]], { ownerId: OTHER_OWNER, collectionId: closed.id });
    const index = openIndex();
    const sorted = (ids: string[]) => [...ids].sort();
    expect(sorted(await found(index, { access: { ownerId: OWNER, collectionIds: [shared.id] } }))).toEqual(
      sorted([mine.doc.id, theirsShared.doc.id]),
    );
    expect(await found(index, { access: { ownerId: OWNER, collectionIds: [] } })).toEqual([mine.doc.id]);
    expect(await found(index, { access: { ownerId: null, collectionIds: [shared.id] } })).toEqual([
      theirsShared.doc.id,
    ]);
    expect(await found(index, { access: { ownerId: null, collectionIds: [] } })).toEqual([]);
  });

  it('drains in the background after a write, without waiting for a search', async () => {
    const index = openIndex({ drainIntervalMs: 50 });
    await index.start();
    await addDocument([[1, 0]]);
    for (let i = 0; i < 100 && (await feed.pending()) > 0; i += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(await feed.pending()).toBe(0);
    expect(await (await spaceCollection()).count()).toBe(1);
  });

  it('backfills vectors written before the index first ran, and rebuilds a collection Chroma lost', async () => {
    const { doc } = await addDocument([[1, 0]]);
    const index = openIndex();
    expect(await found(index)).toEqual([doc.id]);
    await chroma.client.deleteCollection({ name: (await spaceCollection()).name });
    // A fresh process (no cached handle) finds the collection gone and rebuilds it from the truth.
    expect(await found(openIndex())).toEqual([doc.id]);
  });
});
