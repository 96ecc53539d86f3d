import { newDocument } from '@sift/contract-tests';
import { DOCUMENT_SORTS, type DocumentFilter, type DocumentSort } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentListQuery } from './sqlite-document.queries.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

const INDEX: Record<DocumentSort, string> = {
  uploaded_at: 'documents_uploaded_at_idx',
  name: 'documents_name_idx',
  size: 'documents_size_idx',
  status: 'documents_status_idx',
  type: 'documents_content_type_idx',
  chunk_count: 'documents_chunk_count_idx',
  processed_at: 'documents_processed_at_idx',
};

/** What only SQLite shows: the query plan of each order, and the cursors of the release before sorting. */
describe('document list order on SQLite', () => {
  let temp: TempDatabase;
  let store: SqliteMetadataStore;

  beforeEach(async () => {
    temp = createTempDatabase();
    store = new SqliteMetadataStore(temp.db);
    await store.ensureLocalUser();
    for (let i = 0; i < 5; i++) await store.documents.insert(newDocument());
  });

  afterEach(() => temp.cleanup());

  const plan = (filter: DocumentFilter) => {
    const query = documentListQuery(filter);
    return (temp.db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[])
      .map((row) => row.detail)
      .join(' | ');
  };

  it('walks the index of every sort, without statistics and for top-level documents, sorting nothing', async () => {
    for (const sort of DOCUMENT_SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        const filter: DocumentFilter = { sort, order, topLevelOnly: true, limit: 2 };
        expect(plan(filter), `${sort} ${order}`).toMatch(new RegExp(`USING INDEX ${INDEX[sort]}\\b`));
        expect(plan(filter), `${sort} ${order}`).not.toContain('TEMP B-TREE');
        const { nextCursor } = await store.documents.list(filter);
        const next = plan({ ...filter, cursor: nextCursor! });
        expect(next, `${sort} ${order} from a cursor`).not.toContain('TEMP B-TREE');
        // From a cursor the index is entered at the cursor, not scanned from its start (the one exception:
        // descending by a nullable key, where the NULLs still to come are ORed in).
        if (sort !== 'processed_at')
          expect(next).toMatch(new RegExp(`SEARCH documents USING INDEX ${INDEX[sort]} \\(`));
      }
    }
  });

  it('continues from a cursor of the release before sorting (newest upload first)', async () => {
    const first = await store.documents.list({ limit: 2 });
    const last = temp.db
      .prepare('SELECT rowid AS seq, uploaded_at FROM documents WHERE id = ?')
      .get(first.items[1]!.id) as { seq: number; uploaded_at: number };
    const legacy = Buffer.from(`${last.uploaded_at}:${last.seq}`).toString('base64url');
    const rest = await store.documents.list({ cursor: legacy });
    const all = await store.documents.list({});
    expect(rest.items.map((d) => d.id)).toEqual(all.items.slice(2).map((d) => d.id));
    await expect(store.documents.list({ sort: 'name', cursor: legacy })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });

  it('refuses a cursor whose key does not fit its sort', async () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const [filter, cursor] of [
      [{ sort: 'name' }, forged(['name', 'asc', 12, 1])],
      [{ sort: 'size' }, forged(['size', 'desc', 'big', 1])],
      [{ sort: 'size' }, forged(['size', 'desc', null, 1])],
      [{ sort: 'processed_at' }, forged(['processed_at', 'desc', null, 1.5])],
      [{ sort: 'status' }, forged(['status', 'asc', 'queued'])],
      [{}, forged({ sort: 'uploaded_at' })],
    ] as [DocumentFilter, string][]) {
      await expect(store.documents.list({ ...filter, cursor }), cursor).rejects.toMatchObject({
        code: 'INVALID_CURSOR',
        category: 'user',
      });
    }
    // A NULL processing time is a key that sort has.
    const nullKey = forged(['processed_at', 'desc', null, 1]);
    await expect(store.documents.list({ sort: 'processed_at', cursor: nullKey })).resolves.toBeDefined();
  });
});
