import { contentOf, newDocument } from '@sift/contract-tests';
import { DEFAULT_CHUNKING, type VectorSpace } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PgMetadataStore } from './pg-metadata-store.adapter.js';
import type { VectorChange } from '@sift/core';
import { PgVectorFeed } from './pg-vector-feed.js';
import { PgExactVectorIndex } from './pg-vector-index.adapter.js';
import { createTestPgDatabase, postgresAvailable, type TestPgDatabase } from './testing/pg-test-database.js';

const available = await postgresAvailable();
const SPACE: VectorSpace = { id: 'feed-test@2', dimensions: 2 };

describe.skipIf(!available)(
  'PgVectorFeed: the vector outbox of migration 004 (needs PostgreSQL, #14)',
  () => {
    let db: TestPgDatabase;
    let store: PgMetadataStore;
    let feed: PgVectorFeed;
    let exact: PgExactVectorIndex;

    beforeEach(async () => {
      db = await createTestPgDatabase({ migrate: false });
      store = new PgMetadataStore(db.pool);
      await store.migrate();
      await store.ensureLocalUser();
      feed = new PgVectorFeed(db.pool);
      exact = new PgExactVectorIndex(db.pool);
    });
    afterEach(() => db.cleanup());

    /** A document with one chunk per vector, saved as processing does (vectors in the chunk transaction). */
    async function addDocument(vectors: number[][], overrides: Parameters<typeof newDocument>[0] = {}) {
      const doc = await store.documents.insert(newDocument(overrides));
      await store.documents.saveContent(doc.id, {
        ...contentOf(
          'x'.repeat(vectors.length),
          vectors.map(() => 1),
          { status: 'processed', language: 'en' },
        ),
        vectors: { space: SPACE, vectors: vectors.map((v) => Float32Array.from(v)) },
      });
      const chunks = await store.documents.listChunks(doc.id);
      return { doc, chunkIds: chunks.map((c) => c.id) };
    }

    /** Drains everything, returning the changes handed over (and acknowledging them). */
    async function drainAll(): Promise<VectorChange[]> {
      const seen: VectorChange[] = [];
      while ((await feed.drain(async (changes) => void seen.push(...changes), { limit: 100 })).rows > 0);
      return seen;
    }

    const kinds = (changes: VectorChange[]) => changes.map((c) => c.kind).sort();

    it('stays empty until a consumer enables it, which backfills every existing vector exactly once', async () => {
      await addDocument([
        [1, 0],
        [0, 1],
      ]);
      expect(await feed.pending()).toBe(0);
      await feed.enable();
      await feed.enable();
      expect(await feed.pending()).toBe(2);
      await addDocument([[1, 1]]);
      expect(await feed.pending()).toBe(3);
    });

    it('resolves keys to the current truth: the normalised vector with its chunk and document facets', async () => {
      await feed.enable();
      const { doc, chunkIds } = await addDocument([[3, 4]], { tags: ['a', 'b'], metadata: { year: 1969 } });
      const changes = await drainAll();
      expect(changes).toHaveLength(1);
      const change = changes[0]!;
      if (change.kind !== 'upsert') throw new Error(`expected an upsert, got ${change.kind}`);
      expect(Array.from(change.vector)).toEqual(Array.from(Float32Array.from([0.6, 0.8])));
      expect(change).toMatchObject({
        space: SPACE.id,
        chunkId: chunkIds[0],
        document: {
          documentId: doc.id,
          ownerId: doc.ownerId,
          collectionId: null,
          contentType: 'application/pdf',
          category: 'document',
          tags: ['a', 'b'],
          language: 'en',
          uploadedAt: Date.parse(doc.uploadedAt),
          metadata: { year: 1969 },
        },
      });
      expect(await feed.pending()).toBe(0);
    });

    it('queues deletes for re-processed and deleted documents, and nothing for a rolled-back write', async () => {
      await feed.enable();
      const first = await addDocument([[1, 0]]);
      await drainAll();
      await store.documents.saveContent(first.doc.id, {
        ...contentOf('yy', [1, 1], { status: 'processed' }),
        vectors: { space: SPACE, vectors: [Float32Array.from([0, 1]), Float32Array.from([1, 1])] },
      });
      expect(kinds(await drainAll())).toEqual(['delete', 'upsert', 'upsert']);
      // Vectors that do not fit: saveContent refuses and writes nothing, so no row either.
      await expect(
        store.documents.saveContent(first.doc.id, {
          ...contentOf('z', [1]),
          vectors: { space: SPACE, vectors: [Float32Array.from([1, 0, 0])] },
        }),
      ).rejects.toMatchObject({ code: 'DOCUMENT_CONTENT_INVALID' });
      expect(await feed.pending()).toBe(0);
      await store.documents.delete(first.doc.id);
      expect(kinds(await drainAll())).toEqual(['delete', 'delete']);
    });

    it('queues a document whose filter fields change, not one whose progress does', async () => {
      await feed.enable();
      const { doc } = await addDocument([
        [1, 0],
        [0, 1],
      ]);
      await drainAll();
      await store.documents.update(doc.id, { progress: 0.5, stage: 'embedding' });
      expect(await feed.pending()).toBe(0);
      const inbox = await store.collections.create({
        ownerId: doc.ownerId,
        name: 'Inbox',
        settings: { chunking: DEFAULT_CHUNKING, ocrLanguages: ['eng'] },
      });
      await store.documents.update(doc.id, { collectionId: inbox.id });
      const moved = await drainAll();
      expect(kinds(moved)).toEqual(['upsert', 'upsert']);
      expect(moved.map((c) => c.kind === 'upsert' && c.document.collectionId)).toEqual([inbox.id, inbox.id]);
      // Deleting the collection unlinks the document (ON DELETE SET NULL): an update the trigger sees too.
      await store.collections.delete(inbox.id);
      const unlinked = await drainAll();
      expect(unlinked.map((c) => c.kind === 'upsert' && c.document.collectionId)).toEqual([null, null]);
    });

    it('drops a space as one row and gives a re-created space a new generation', async () => {
      await feed.enable();
      const { chunkIds } = await addDocument([
        [1, 0],
        [0, 1],
      ]);
      const before = (await feed.describeSpace(SPACE.id))!;
      expect(before).toMatchObject({ dimensions: 2, count: 2 });
      await drainAll();
      await exact.dropSpace(SPACE);
      expect(await feed.describeSpace(SPACE.id)).toBeNull();
      expect(await drainAll()).toEqual([{ kind: 'drop', space: SPACE.id, generation: before.generation }]);
      await exact.upsert(SPACE, [{ chunkId: chunkIds[0]!, vector: Float32Array.from([1, 0]) }]);
      const after = (await feed.describeSpace(SPACE.id))!;
      expect(after.generation).not.toBe(before.generation);
      expect(await drainAll()).toMatchObject([{ kind: 'upsert', generation: after.generation }]);
    });

    it('keeps the rows when the consumer fails and acknowledges them only when it succeeds', async () => {
      await feed.enable();
      await addDocument([[1, 0]]);
      await expect(
        feed.drain(
          async () => {
            throw new Error('Chroma is down');
          },
          { limit: 10 },
        ),
      ).rejects.toThrow('Chroma is down');
      expect(await feed.pending()).toBe(1);
      expect(kinds(await drainAll())).toEqual(['upsert']);
      expect(await feed.pending()).toBe(0);
    });

    it('lets one drainer at a time read and apply, across connections', async () => {
      await feed.enable();
      await addDocument([[1, 0]]);
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = feed.drain(
        async (changes) => {
          order.push(`first:${changes.length}`);
          await held;
        },
        { limit: 10 },
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      // A second feed (another process) must wait for the first, then find the rows acknowledged.
      const second = new PgVectorFeed(db.pool).drain(
        async (changes) => void order.push(`second:${changes.length}`),
        {
          limit: 10,
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      order.push('released');
      release();
      expect(await first).toEqual({ rows: 1 });
      expect(await second).toEqual({ rows: 0 });
      expect(order).toEqual(['first:1', 'released']);
    });

    it('notifies subscribers when a write commits', async () => {
      await feed.enable();
      let calls = 0;
      const unsubscribe = await feed.subscribe(() => (calls += 1));
      try {
        await addDocument([[1, 0]]);
        for (let i = 0; i < 50 && calls === 0; i += 1)
          await new Promise((resolve) => setTimeout(resolve, 20));
        expect(calls).toBeGreaterThan(0);
      } finally {
        await unsubscribe();
      }
    });
  },
);
