import { contentOf, newDocument } from '@sift/contract-tests';
import { LOCAL_USER_ID } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { ftsIntegrityCheck, matchChunkIds } from './testing/fts-queries.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

const TEXT = 'The lighthouse keepers counted ships passing the café at dusk.';

/** What only SQLite can show: the FTS5 index following chunk rows, and rollbacks of half-done writes. */
describe('SqliteDocumentRepository', () => {
  let temp: TempDatabase;
  let store: SqliteMetadataStore;
  const count = (sql: string, ...params: unknown[]) =>
    (temp.db.prepare(sql).get(...params) as { n: number }).n;

  beforeEach(async () => {
    temp = createTempDatabase();
    store = new SqliteMetadataStore(temp.db);
    await store.ensureLocalUser();
  });

  afterEach(() => temp.cleanup());

  describe('lexical index', () => {
    it('finds a saved chunk by stem and without accents, ranked by bm25, and forgets it once replaced', async () => {
      const doc = await store.documents.insert(newDocument());
      await store.documents.saveContent(doc.id, contentOf(TEXT, [TEXT.length]));
      const [chunk] = await store.documents.listChunks(doc.id);
      expect(matchChunkIds(temp.db, 'lighthouse')).toEqual([chunk!.id]);
      expect(matchChunkIds(temp.db, 'count')).toEqual([chunk!.id]); // stemmed: counted → count
      expect(matchChunkIds(temp.db, 'cafe')).toEqual([chunk!.id]); // folded: café → cafe
      // The index holds terms (ships → ship); snippets come from the chunk's text (SqliteLexicalIndex).
      const ranked = temp.db
        .prepare(
          `SELECT bm25(document_chunks_fts) AS score
           FROM document_chunks_fts WHERE document_chunks_fts MATCH 'ship' ORDER BY score`,
        )
        .all() as { score: number }[];
      expect(ranked).toHaveLength(1);
      expect(ranked[0]!.score).toBeLessThan(0);

      await store.documents.saveContent(doc.id, contentOf('Nothing about the coast.', [24]));
      const [replacement] = await store.documents.listChunks(doc.id);
      expect(matchChunkIds(temp.db, 'lighthouse')).toEqual([]);
      expect(matchChunkIds(temp.db, 'coast')).toEqual([replacement!.id]);
      expect(ftsIntegrityCheck(temp.db)).toBe('ok');
    });

    it('forgets the chunks of a deleted document and of its archive members', async () => {
      const archive = await store.documents.insert(newDocument());
      const member = await store.documents.insert(
        newDocument({ parentDocumentId: archive.id, sourcePath: 'm' }),
      );
      const other = await store.documents.insert(newDocument());
      for (const doc of [archive, member, other]) {
        await store.documents.saveContent(doc.id, contentOf(TEXT, [TEXT.length]));
      }
      expect(matchChunkIds(temp.db, 'lighthouse')).toHaveLength(3);
      await store.documents.delete(archive.id);
      const [kept] = await store.documents.listChunks(other.id);
      expect(matchChunkIds(temp.db, 'lighthouse')).toEqual([kept!.id]);
      expect(count('SELECT count(*) AS n FROM document_chunks')).toBe(1);
      expect(ftsIntegrityCheck(temp.db)).toBe('ok');
    });

    it('searches heading paths and titles, and follows a title change', async () => {
      const doc = await store.documents.insert(newDocument());
      const content = contentOf(TEXT, [20, TEXT.length - 20], { title: 'Harbour survey' });
      content.chunks[1] = { ...content.chunks[1]!, headingPath: ['Appendix', 'Navigation'] };
      await store.documents.saveContent(doc.id, content);
      const [first, second] = await store.documents.listChunks(doc.id);
      expect(matchChunkIds(temp.db, 'heading_path:navigation')).toEqual([second!.id]);
      expect(matchChunkIds(temp.db, 'title:harbour')).toEqual([first!.id, second!.id].sort());

      await store.documents.update(doc.id, { title: 'Coastal report' });
      expect(matchChunkIds(temp.db, 'title:harbour')).toEqual([]);
      expect(matchChunkIds(temp.db, 'title:coastal')).toHaveLength(2);
      await store.documents.update(doc.id, { title: null });
      expect(matchChunkIds(temp.db, 'title:coastal')).toEqual([]);
      expect(ftsIntegrityCheck(temp.db)).toBe('ok');
    });

    it('stays consistent when documents go by cascade, with their owner', async () => {
      temp.db
        .prepare(
          `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
           VALUES ('bob', 'bob@x.test', 'bob', 'Bob', 0, 0)`,
        )
        .run();
      const doc = await store.documents.insert(newDocument({ ownerId: 'bob' }));
      await store.documents.saveContent(doc.id, contentOf(TEXT, [TEXT.length], { title: 'Bob’s notes' }));
      temp.db.prepare(`DELETE FROM users WHERE id = 'bob'`).run();
      expect(count('SELECT count(*) AS n FROM documents')).toBe(0);
      expect(matchChunkIds(temp.db, 'lighthouse OR notes')).toEqual([]);
      expect(ftsIntegrityCheck(temp.db)).toBe('ok');
    });

    it('has an integrity check that notices an index out of step with the chunks', async () => {
      const doc = await store.documents.insert(newDocument());
      await store.documents.saveContent(doc.id, contentOf(TEXT, [TEXT.length]));
      temp.db.prepare(`INSERT INTO document_chunks_fts (rowid, content) VALUES (999, 'stray words')`).run();
      expect(ftsIntegrityCheck(temp.db)).not.toBe('ok');
    });
  });

  describe('atomicity', () => {
    it('keeps the old text, chunks, index rows and status when a new chunk violates a CHECK midway', async () => {
      const doc = await store.documents.insert(newDocument());
      const before = await store.documents.saveContent(
        doc.id,
        contentOf(TEXT, [TEXT.length], { status: 'processed', title: 'Old' }),
      );
      const oldChunks = await store.documents.listChunks(doc.id);
      const broken = contentOf('Seagulls and fog horns.', [9, 14], { status: 'failed', title: 'New' });
      broken.chunks[1] = { ...broken.chunks[1]!, confidence: 2 }; // CHECK (confidence BETWEEN 0 AND 1)
      await expect(store.documents.saveContent(doc.id, broken)).rejects.toMatchObject({
        code: 'DOCUMENT_CONTENT_INVALID',
        category: 'system',
        retryable: false,
        message: expect.stringContaining('CHECK constraint failed'),
      });
      expect(await store.documents.get(doc.id)).toEqual(before);
      expect((await store.documents.getText(doc.id))?.text).toBe(TEXT);
      expect(await store.documents.listChunks(doc.id)).toEqual(oldChunks);
      expect(matchChunkIds(temp.db, 'lighthouse')).toEqual([oldChunks[0]!.id]);
      expect(matchChunkIds(temp.db, 'seagulls')).toEqual([]);
      expect(ftsIntegrityCheck(temp.db)).toBe('ok');
    });

    it('deletes nothing and releases no blob when the delete fails after removing rows', async () => {
      const archive = await store.documents.insert(newDocument());
      const member = await store.documents.insert(
        newDocument({ parentDocumentId: archive.id, sourcePath: 'm' }),
      );
      await store.documents.saveContent(member.id, contentOf(TEXT, [TEXT.length]));
      // Fails the blob release of the member, after the documents were deleted in the same transaction.
      temp.db.exec(`CREATE TRIGGER fail_release BEFORE UPDATE ON blobs WHEN new.sha256 = '${member.sha256}'
        BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
      await expect(store.documents.delete(archive.id)).rejects.toThrow(/disk on fire/);
      expect(await store.documents.get(archive.id)).toEqual(archive);
      expect(await store.documents.get(member.id)).toMatchObject({ id: member.id, chunkCount: 1 });
      expect(await store.documents.listChunks(member.id)).toHaveLength(1);
      expect(await store.blobRefCount(archive.sha256)).toBe(1);
      expect(await store.blobRefCount(member.sha256)).toBe(1);
      expect(matchChunkIds(temp.db, 'lighthouse')).toHaveLength(1);
    });

    it('takes no blob reference when the document row is refused', async () => {
      temp.db.exec(`CREATE TRIGGER refuse_pdf BEFORE INSERT ON documents WHEN new.filename = 'refused.pdf'
        BEGIN SELECT RAISE(ABORT, 'refused'); END`);
      const input = newDocument({ filename: 'refused.pdf', ownerId: LOCAL_USER_ID });
      await expect(store.documents.insert(input)).rejects.toThrow(/refused/);
      expect(await store.blobRefCount(input.sha256)).toBe(0);
    });
  });
});
