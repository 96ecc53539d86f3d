import { contentOf, newDocument } from '@sift/contract-tests';
import type { DocumentContent } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PgLexicalIndex } from './pg-lexical-index.adapter.js';
import { PgMetadataStore } from './pg-metadata-store.adapter.js';
import { createTestPgDatabase, postgresAvailable, type TestPgDatabase } from './testing/pg-test-database.js';

const available = await postgresAvailable();
const TEXT = 'The lighthouse keepers counted ships passing the café at dusk.';
const SPACE = { id: 'test-model@3', dimensions: 3 };

/**
 * What the contract cannot see: the lexical rows and vectors written with the chunks in one transaction, and
 * concurrent writers of one document or one origin, which SQLite never has (it has one writer).
 */
describe.skipIf(!available)('PgDocumentRepository (needs PostgreSQL, #14)', () => {
  let db: TestPgDatabase;
  let store: PgMetadataStore;
  let lexical: PgLexicalIndex;
  const one = async <T>(sql: string, params: unknown[] = []) =>
    (await db.pool.query(sql, params)).rows[0] as T;
  const hits = async (query: string) =>
    (await lexical.search(query, { filter: {}, limit: 10 })).map((h) => h.chunkId).sort();
  const chunkIds = async (documentId: string) =>
    (await store.documents.listChunks(documentId)).map((c) => c.id).sort();
  const withVectors = (content: DocumentContent, vectors: number[][]): DocumentContent => ({
    ...content,
    vectors: { space: SPACE, vectors: vectors.map((v) => Float32Array.from(v)) },
  });

  beforeEach(async () => {
    db = await createTestPgDatabase();
    store = new PgMetadataStore(db.pool);
    lexical = new PgLexicalIndex(db.pool);
    await store.ensureLocalUser();
  });

  afterEach(() => db.cleanup());

  describe('lexical rows', () => {
    it('indexes saved chunks, forgets replaced ones, and forgets a deleted document with its members', async () => {
      const archive = await store.documents.insert(newDocument());
      const member = await store.documents.insert(
        newDocument({ parentDocumentId: archive.id, sourcePath: 'm' }),
      );
      const other = await store.documents.insert(newDocument());
      for (const doc of [archive, member, other]) {
        await store.documents.saveContent(doc.id, contentOf(TEXT, [TEXT.length]));
      }
      expect(await hits('lighthouse')).toHaveLength(3);
      expect(await hits('cafe counting')).toHaveLength(3);
      await store.documents.saveContent(other.id, contentOf('Nothing about the coast.', [24]));
      expect(await hits('coast')).toEqual(await chunkIds(other.id));
      expect(await hits('lighthouse')).toHaveLength(2);
      await store.documents.delete(archive.id);
      expect(await hits('lighthouse')).toEqual([]);
      expect(await one('SELECT count(*) AS n FROM lexical_chunks')).toEqual({ n: 1 });
    });

    it('re-indexes the chunks when the title or the language changes, and not otherwise', async () => {
      const doc = await store.documents.insert(newDocument());
      await store.documents.saveContent(
        doc.id,
        contentOf(TEXT, [20, TEXT.length - 20], { title: 'Harbour survey' }),
      );
      const ids = await chunkIds(doc.id);
      expect(await hits('harbour')).toEqual(ids);
      await store.documents.update(doc.id, { title: 'Coastal report' });
      expect(await hits('harbour')).toEqual([]);
      expect(await hits('coastal')).toEqual(ids);
      await store.documents.update(doc.id, { title: null, status: 'processed' });
      expect(await hits('coastal')).toEqual([]);
      // "die" is a German stop word: indexed only once the document is no longer German.
      const german = await store.documents.insert(newDocument());
      await store.documents.saveContent(
        german.id,
        contentOf('Die Verträge enden.', [19], { language: 'de' }),
      );
      expect(await hits('die')).toEqual([]);
      await store.documents.update(german.id, { language: 'en' });
      expect(await hits('die')).toEqual(await chunkIds(german.id));
    });

    it('writes no lexical rows when the content is refused midway', async () => {
      const doc = await store.documents.insert(newDocument());
      await store.documents.saveContent(doc.id, contentOf(TEXT, [TEXT.length]));
      const broken = contentOf('Harbour pilots. Tugboats.', [15, 10]);
      broken.chunks[1] = { ...broken.chunks[1]!, index: 0 };
      await expect(store.documents.saveContent(doc.id, broken)).rejects.toMatchObject({
        code: 'DOCUMENT_CONTENT_INVALID',
      });
      expect(await hits('pilot tugboat')).toEqual([]);
      expect(await hits('lighthouse')).toEqual(await chunkIds(doc.id));
    });
  });

  describe('vectors', () => {
    it('stores normalised vectors with their chunks, and counts and versions the space by trigger', async () => {
      const doc = await store.documents.insert(newDocument());
      await store.documents.saveContent(
        doc.id,
        withVectors(contentOf(TEXT, [20, TEXT.length - 20]), [
          [3, 0, 4],
          [0, 2, 0],
        ]),
      );
      const { rows } = await db.pool.query<{ vector: Buffer }>(
        `SELECT v.vector FROM chunk_vectors v JOIN document_chunks c ON c.seq = v.chunk_seq ORDER BY c.chunk_index`,
      );
      const floats = rows.map((r) => Array.from(new Float32Array(new Uint8Array(r.vector).buffer)));
      expect(floats[0]![0]).toBeCloseTo(0.6);
      expect(floats[0]![2]).toBeCloseTo(0.8);
      expect(floats[1]).toEqual([0, 1, 0]);
      expect(await one('SELECT vector_count, version FROM vector_spaces')).toEqual({
        vector_count: 2,
        version: 2,
      });

      // Replacing the chunks deletes their vectors (cascade) and adds the new ones: 2 out, 1 in.
      await store.documents.saveContent(doc.id, withVectors(contentOf('Short.', [6]), [[1, 1, 1]]));
      expect(await one('SELECT vector_count, version FROM vector_spaces')).toEqual({
        vector_count: 1,
        version: 5,
      });
      await store.documents.delete(doc.id);
      expect(await one('SELECT vector_count, version FROM vector_spaces')).toEqual({
        vector_count: 0,
        version: 6,
      });
    });

    it('refuses vectors of the wrong dimension or number, writing nothing (DOCUMENT_CONTENT_INVALID)', async () => {
      const doc = await store.documents.insert(newDocument());
      await store.documents.saveContent(doc.id, withVectors(contentOf(TEXT, [TEXT.length]), [[1, 0, 0]]));
      const before = await store.documents.listChunks(doc.id);
      const refused = { code: 'DOCUMENT_CONTENT_INVALID', category: 'system', retryable: false };
      await expect(
        store.documents.saveContent(doc.id, withVectors(contentOf('ab', [1, 1]), [[1, 0, 0]])),
      ).rejects.toMatchObject(refused);
      await expect(
        store.documents.saveContent(doc.id, {
          ...contentOf('ab', [2]),
          vectors: { space: { id: SPACE.id, dimensions: 2 }, vectors: [Float32Array.from([1, 0])] },
        }),
      ).rejects.toMatchObject(refused);
      expect(await store.documents.listChunks(doc.id)).toEqual(before);
      expect(await one('SELECT vector_count FROM vector_spaces')).toEqual({ vector_count: 1 });
    });
  });

  describe('concurrent writers', () => {
    it('serialises concurrent saves of one document: one content wins whole, with its index rows', async () => {
      const doc = await store.documents.insert(newDocument());
      const texts = Array.from({ length: 6 }, (_, i) => `version${i} ${'word '.repeat(i + 1)}`.trim());
      await Promise.all(
        texts.map((t, i) => store.documents.saveContent(doc.id, contentOf(t, Array(i + 1).fill(1)))),
      );
      const saved = (await store.documents.get(doc.id))!;
      const chunks = await store.documents.listChunks(doc.id);
      expect(chunks).toHaveLength(saved.chunkCount);
      const text = (await store.documents.getText(doc.id))!.text;
      expect(chunks.map((c) => c.content).join('')).toBe(text.slice(0, saved.chunkCount));
      expect(await one('SELECT count(*) AS n FROM lexical_chunks')).toEqual({ n: saved.chunkCount });
      expect(await one('SELECT count(*) AS n FROM document_chunks')).toEqual({ n: saved.chunkCount });
    });

    it('admits one document per origin and takes one blob reference per document under a race', async () => {
      const archive = await store.documents.insert(newDocument());
      const shared = newDocument().sha256;
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () =>
          store.documents.insert(
            newDocument({ parentDocumentId: archive.id, sourcePath: 'a.txt', sha256: shared }),
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).toMatchObject({
          code: 'DOCUMENT_EXISTS',
          category: 'conflict',
        });
      }
      expect(await store.blobRefCount(shared)).toBe(1);
    });

    it('lets a save racing a delete either land before it or find the document gone', async () => {
      const doc = await store.documents.insert(newDocument());
      const [saved, deleted] = await Promise.all([
        store.documents.saveContent(doc.id, contentOf(TEXT, [TEXT.length])),
        store.documents.delete(doc.id),
      ]);
      expect(deleted?.deleted.map((d) => d.id)).toEqual([doc.id]);
      expect(saved === null || saved.chunkCount === 1).toBe(true);
      expect(await one('SELECT count(*) AS n FROM document_chunks')).toEqual({ n: 0 });
      expect(await one('SELECT count(*) AS n FROM lexical_chunks')).toEqual({ n: 0 });
      expect(await store.blobRefCount(doc.sha256)).toBe(0);
    });
  });
});
