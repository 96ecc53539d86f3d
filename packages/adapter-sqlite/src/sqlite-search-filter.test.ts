import { DEFAULT_CHUNKING, type SearchFilter } from '@sift/core';
import { OTHER_OWNER, OWNER, contentOf, newDocument } from '@sift/contract-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChunkFilter, buildDocumentFilter } from './sqlite-search-filter.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

const SETTINGS = { chunking: DEFAULT_CHUNKING, ocrLanguages: ['eng'] };
const DAY = 86_400_000;

describe('buildChunkFilter', () => {
  let temp: TempDatabase;
  let store: SqliteMetadataStore;
  /** Document ids by name: pdf (collection A, folder F, en, tagged), png (collection B, de), mine… */
  const ids: Record<string, string> = {};
  let collectionA = '';
  let collectionB = '';
  let folder = '';

  /** Names of the documents whose chunks the filter lets through (each document has two chunks). */
  const matching = (filter: SearchFilter): string[] => {
    const { sql, params } = buildChunkFilter(filter, { chunk: 'c', document: 'd' });
    const rows = temp.db
      .prepare(
        `SELECT d.id AS id, count(*) AS n FROM document_chunks c JOIN documents d ON d.id = c.document_id
         WHERE ${sql} GROUP BY d.id`,
      )
      .all(...params) as { id: string; n: number }[];
    for (const row of rows) expect(row.n).toBe(2);
    const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    return rows.map((r) => names[r.id]!).sort();
  };

  beforeEach(async () => {
    temp = createTempDatabase();
    store = new SqliteMetadataStore(temp.db);
    await store.ensureLocalUser();
    temp.db
      .prepare(
        `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
         VALUES (?, 'other@example.test', 'other', 'Other', 0, 0)`,
      )
      .run(OTHER_OWNER);
    collectionA = (await store.collections.create({ ownerId: OWNER, name: 'A', settings: SETTINGS })).id;
    collectionB = (await store.collections.create({ ownerId: OWNER, name: 'B', settings: SETTINGS })).id;
    folder = (
      await store.folders.create({ ownerId: OWNER, name: 'F', parentId: null, collectionId: collectionA })
    ).id;
    const add = async (
      name: string,
      doc: Parameters<typeof newDocument>[0],
      language: string | null,
      uploadedDay: number,
    ) => {
      const created = await store.documents.insert(newDocument(doc));
      await store.documents.saveContent(created.id, contentOf('one two', [3, 4], { language }));
      temp.db.prepare('UPDATE documents SET uploaded_at = ? WHERE id = ?').run(uploadedDay * DAY, created.id);
      ids[name] = created.id;
    };
    await add(
      'pdf',
      {
        collectionId: collectionA,
        folderId: folder,
        tags: ['blue', 'red'],
        metadata: { project: 'apollo', year: 1969, final: true, nested: { a: 1 } },
      },
      'en',
      10,
    );
    await add(
      'png',
      {
        collectionId: collectionB,
        contentType: 'image/png',
        category: 'image',
        tags: ['green'],
        metadata: { project: 'gemini', year: '1969', final: 1 },
      },
      'de',
      20,
    );
    await add('mp3', { contentType: 'audio/mpeg', category: 'audio' }, null, 30);
    // JSON.stringify would write 1969; the real-typed spelling has to come from raw JSON.
    temp.db.prepare(`UPDATE documents SET metadata = '{"year": 1969.0}' WHERE id = ?`).run(ids.mp3);
    await add('theirs', { ownerId: OTHER_OWNER, tags: ['blue'] }, 'en', 40);
  });

  afterEach(() => temp.cleanup());

  it('lets every chunk through when the filter is empty', () => {
    expect(buildChunkFilter({}, { chunk: 'c', document: 'd' })).toEqual({ sql: '1', params: [] });
    expect(matching({})).toEqual(['mp3', 'pdf', 'png', 'theirs']);
  });

  it('narrows by owner, collections, folders and documents', () => {
    expect(matching({ ownerId: OWNER })).toEqual(['mp3', 'pdf', 'png']);
    expect(matching({ ownerId: OTHER_OWNER })).toEqual(['theirs']);
    expect(matching({ collectionIds: [collectionA, collectionB] })).toEqual(['pdf', 'png']);
    expect(matching({ collectionIds: [collectionB] })).toEqual(['png']);
    expect(matching({ folderIds: [folder, 'no-such-folder'] })).toEqual(['pdf']);
    expect(matching({ documentIds: [ids.mp3!, ids.theirs!] })).toEqual(['mp3', 'theirs']);
  });

  it('matches types by content type or by category', () => {
    expect(matching({ types: ['application/pdf'] })).toEqual(['pdf', 'theirs']);
    expect(matching({ types: ['image', 'audio/mpeg'] })).toEqual(['mp3', 'png']);
    expect(matching({ types: ['video'] })).toEqual([]);
  });

  it('matches any of the tags and any of the languages', () => {
    expect(matching({ tags: ['blue'] })).toEqual(['pdf', 'theirs']);
    expect(matching({ tags: ['green', 'red'] })).toEqual(['pdf', 'png']);
    expect(matching({ languages: ['de', 'fr'] })).toEqual(['png']);
    expect(matching({ languages: ['en'], ownerId: OWNER })).toEqual(['pdf']);
  });

  it('bounds the upload time on both ends, inclusively', () => {
    const at = (day: number) => new Date(day * DAY).toISOString();
    expect(matching({ uploadedFrom: at(20) })).toEqual(['mp3', 'png', 'theirs']);
    expect(matching({ uploadedTo: at(20) })).toEqual(['pdf', 'png']);
    expect(matching({ uploadedFrom: at(15), uploadedTo: at(35) })).toEqual(['mp3', 'png']);
  });

  it('matches top-level metadata by key, value and JSON type, all pairs together', () => {
    expect(matching({ metadata: { project: 'apollo' } })).toEqual(['pdf']);
    // 1969 the number is not "1969" the string; 1969.0 is the same number.
    expect(matching({ metadata: { year: 1969 } })).toEqual(['mp3', 'pdf']);
    expect(matching({ metadata: { year: '1969' } })).toEqual(['png']);
    // true is not 1.
    expect(matching({ metadata: { final: true } })).toEqual(['pdf']);
    expect(matching({ metadata: { final: 1 } })).toEqual(['png']);
    expect(matching({ metadata: { project: 'apollo', year: 1969 } })).toEqual(['pdf']);
    expect(matching({ metadata: { project: 'apollo', year: 1970 } })).toEqual([]);
    expect(matching({ metadata: { 'odd "key".$[0]': 'x' } })).toEqual([]);
    expect(matching({ metadata: {} })).toEqual(['mp3', 'pdf', 'png', 'theirs']);
  });

  it('leaves out excluded documents, and an empty exclusion excludes nothing', () => {
    expect(matching({ excludeDocumentIds: [ids.pdf!, ids.png!] })).toEqual(['mp3', 'theirs']);
    expect(matching({ excludeDocumentIds: [] })).toEqual(['mp3', 'pdf', 'png', 'theirs']);
    expect(matching({ ownerId: OWNER, excludeDocumentIds: [ids.mp3!] })).toEqual(['pdf', 'png']);
  });

  it('treats an empty allow-list as matching nothing', () => {
    expect(matching({ collectionIds: [] })).toEqual([]);
    expect(matching({ documentIds: [] })).toEqual([]);
    expect(matching({ tags: [] })).toEqual([]);
  });

  it('binds each list as one parameter, so lists past SQLite’s parameter cap work', () => {
    const many = Array.from({ length: 40_000 }, (_, i) => `doc-${i}`);
    const fragment = buildChunkFilter(
      { documentIds: [...many, ids.png!], excludeDocumentIds: many },
      { chunk: 'c', document: 'd' },
    );
    expect(fragment.params).toHaveLength(2);
    expect(matching({ documentIds: [...many, ids.png!], excludeDocumentIds: many })).toEqual(['png']);
  });

  it('filters documents alone with the same conditions (buildDocumentFilter)', () => {
    const filter = { ownerId: OWNER, tags: ['blue', 'green'], excludeDocumentIds: [ids.png!] };
    const { sql, params } = buildDocumentFilter(filter, 'doc');
    const rows = temp.db
      .prepare(`SELECT id FROM documents AS doc WHERE ${sql}`)
      .pluck()
      .all(...params);
    expect(rows).toEqual([ids.pdf]);
    expect(matching(filter)).toEqual(['pdf']);
  });

  it('refuses an upload bound that is not a timestamp (SEARCH_FILTER_INVALID)', () => {
    for (const filter of [{ uploadedFrom: 'yesterday' }, { uploadedTo: '2024-13-45' }]) {
      expect(() => buildChunkFilter(filter, { chunk: 'c', document: 'd' })).toThrow(
        expect.objectContaining({ code: 'SEARCH_FILTER_INVALID', category: 'user' }),
      );
    }
  });
});
