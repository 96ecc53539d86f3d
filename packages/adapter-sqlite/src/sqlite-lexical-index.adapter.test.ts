import { indexDocument, OWNER, type LexicalFixture } from '@sift/contract-tests';
import { DEFAULT_CHUNKING } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteLexicalIndex } from './sqlite-lexical-index.adapter.js';
import { LEXICAL_SQL } from './sqlite-lexical-index.queries.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { buildChunkFilter } from './sqlite-search-filter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

describe('SqliteLexicalIndex', () => {
  let temp: TempDatabase;
  let store: SqliteMetadataStore;
  const indexes: SqliteLexicalIndex[] = [];
  const open = (options?: ConstructorParameters<typeof SqliteLexicalIndex>[1]) => {
    const index = new SqliteLexicalIndex(temp.db, options);
    indexes.push(index);
    return index;
  };
  const fixture = (index: SqliteLexicalIndex): LexicalFixture => ({ store, index });

  beforeEach(async () => {
    temp = createTempDatabase();
    store = new SqliteMetadataStore(temp.db);
    await store.ensureLocalUser();
  });

  afterEach(() => {
    for (const index of indexes.splice(0)) index.close();
    temp.cleanup();
  });

  it('plans every statement FTS5-first (or from the candidates), then each chunk and document by key', () => {
    const bm25 = 'bm25(document_chunks_fts)';
    const plan = (sql: string, ...params: unknown[]) =>
      (temp.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { parent: number; detail: string }[])
        .filter((step) => step.parent === 0)
        .map((step) => step.detail);
    const byKey = [
      'SEARCH c USING INTEGER PRIMARY KEY (rowid=?)',
      expect.stringMatching(/^SEARCH d USING (COVERING )?INDEX sqlite_autoindex_documents_\d+ \(id=\?\)$/),
    ];
    expect(plan(LEXICAL_SQL.rank(bm25), '"word"', 10)[0]).toMatch(/^SCAN document_chunks_fts VIRTUAL TABLE/);
    for (const filter of [{}, { ownerId: OWNER, collectionIds: ['c'], tags: ['t'], metadata: { a: 1 } }]) {
      const where = buildChunkFilter(filter, { chunk: 'c', document: 'd' });
      expect(plan(LEXICAL_SQL.admit(where.sql), '[1,2]', ...where.params).slice(0, 3)).toEqual([
        expect.stringMatching(/^SCAN wanted VIRTUAL TABLE/),
        ...byKey,
      ]);
      expect(
        plan(LEXICAL_SQL.filtered(bm25, where.sql), '"word"', ...where.params, 10, 0).slice(0, 3),
      ).toEqual([expect.stringMatching(/^SCAN document_chunks_fts VIRTUAL TABLE INDEX \d+:M/), ...byKey]);
    }
  });

  it('pages a filtered search exactly, whether few or many of the best candidates pass the filter', async () => {
    const index = open();
    const f = fixture(index);
    const small = await store.collections.create({ ownerId: OWNER, name: 'small', settings: SETTINGS });
    const inSmall = new Set<string>();
    // 1,260 matching chunks in 42 documents; the collection holds 4 of them, a tenth of the chunks.
    for (let d = 0; d < 42; d++) {
      const chunks = Array.from(
        { length: 30 },
        (_, i) => `${'otter '.repeat(1 + ((d + i) % 5))}note ${d} ${i}`,
      );
      const doc = { collectionId: d % 10 === 3 ? small.id : null };
      const { doc: saved } = await indexDocument(f, chunks, { doc });
      if (doc.collectionId) inSmall.add(saved.id);
    }
    const everything = await index.search('otter', { filter: {}, limit: 5000 });
    expect(everything).toHaveLength(1260);
    const expected = everything.filter((hit) => inSmall.has(hit.documentId));
    expect(expected).toHaveLength(120);
    // Early pages fill from the first 1,000 candidates; from offset 100 on they need every matching chunk.
    const paged = [];
    for (let offset = 0; offset < 130; offset += 9) {
      paged.push(
        ...(await index.search('otter', { filter: { collectionIds: [small.id] }, limit: 9, offset })),
      );
    }
    expect(paged).toEqual(expected);
  });

  it('weights the title and heading columns as configured', async () => {
    const index = open();
    const f = fixture(index);
    await indexDocument(f, ['Ledger entries for March.', 'Coffee beans were ordered.']);
    const inBody = await indexDocument(f, ['The comet was visible at night.'], { title: 'Sky notes' });
    const inTitle = await indexDocument(f, ['Photographs taken from the roof.'], { title: 'Comet watch' });
    const ids = async (i: SqliteLexicalIndex) =>
      (await i.search('comet', { filter: {}, limit: 10 })).map((h) => h.chunkId);
    expect(await ids(index)).toEqual([inTitle.chunkIds[0], inBody.chunkIds[0]]);
    // A title worth nothing still matches, but scores 0 there: the body match comes first.
    expect(await ids(open({ weights: { title: 0 } }))).toEqual([inBody.chunkIds[0], inTitle.chunkIds[0]]);
    const flat = await open({ weights: { title: 1 } }).search('comet', { filter: {}, limit: 10 });
    const weighted = await index.search('comet', { filter: {}, limit: 10 });
    expect(weighted[0]!.score).toBeGreaterThan(flat.find((h) => h.chunkId === inTitle.chunkIds[0])!.score);
  });

  it('refuses a weight that is negative or not finite (SEARCH_OPTIONS_INVALID)', () => {
    for (const weights of [{ content: -1 }, { title: Number.NaN }, { heading: Number.POSITIVE_INFINITY }]) {
      expect(() => new SqliteLexicalIndex(temp.db, { weights })).toThrow(
        expect.objectContaining({ code: 'SEARCH_OPTIONS_INVALID', category: 'user' }),
      );
    }
  });

  it('leaves words in half the chunks of a large index out of a query that has a rarer word', async () => {
    const index = open();
    const f = fixture(index);
    // 2,400 chunks, 1,600 of them saying "common"; 2 say "rare" as well.
    const chunks = Array.from({ length: 2400 }, (_, i) => (i % 3 === 2 ? `filler ${i}. ` : `common ${i}. `));
    const big = await indexDocument(f, chunks);
    const rare = await indexDocument(f, ['common and rare. ', 'rare alone. ']);
    const ids = async (query: string, limit = 10) =>
      (await index.search(query, { filter: {}, limit })).map((h) => h.chunkId);
    expect((await ids('common rare')).sort()).toEqual([...rare.chunkIds].sort());
    // With no rarer word that occurs, the common word is kept.
    expect(await ids('common')).toHaveLength(10);
    expect(await ids('common nowhere')).toHaveLength(10);
    const everything = await ids('common', 5000);
    expect(everything).toHaveLength(1601);
    expect(everything).toContain(big.chunkIds[0]);
  });

  it('finds nothing in an empty index and snippets nothing for a chunk of another database', async () => {
    const index = open();
    expect(await index.search('anything', { filter: {}, limit: 10 })).toEqual([]);
    expect(await index.snippet('00000000-0000-4000-8000-000000000000', 'anything', SNIPPET)).toBeNull();
  });
});

const SETTINGS = { chunking: DEFAULT_CHUNKING, ocrLanguages: ['eng'] };
const SNIPPET = { open: '[', close: ']', maxChars: 100 };
