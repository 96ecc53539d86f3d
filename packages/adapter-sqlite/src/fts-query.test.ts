import { indexDocument, type LexicalFixture } from '@sift/contract-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ftsMatchExpression, ftsQueryWords, quote } from './fts-query.js';
import { FtsTermStats } from './fts-term-stats.js';
import { SqliteLexicalIndex } from './sqlite-lexical-index.adapter.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';
import { matchChunkIds } from './testing/fts-queries.js';

describe('ftsQueryWords', () => {
  it('splits on everything but letters, digits and combining marks, lower-cased, Unicode-aware', () => {
    expect(ftsQueryWords('Zürich, naïve—e\u0301te 日本語 α-helix IL-6 x_y 3.14')).toEqual([
      'zürich',
      'naïve',
      'e\u0301te',
      '日本語',
      'α',
      'helix',
      'il',
      '6',
      'x',
      'y',
      '3',
      '14',
    ]);
    expect(ftsQueryWords('"NEAR(a* OR -b): ^c"')).toEqual(['near', 'a', 'or', 'b', 'c']);
    expect(ftsQueryWords(' \t*()"" ')).toEqual([]);
  });

  it('quotes a word as an FTS5 string, doubling inner quotes', () => {
    expect(quote('near')).toBe('"near"');
    expect(quote('a"b')).toBe('"a""b"');
  });
});

describe('ftsMatchExpression with the statistics of a real index', () => {
  let temp: TempDatabase;
  let stats: FtsTermStats;
  let f: LexicalFixture & { index: SqliteLexicalIndex };

  beforeEach(async () => {
    temp = createTempDatabase();
    stats = new FtsTermStats(temp.db);
    const store = new SqliteMetadataStore(temp.db);
    await store.ensureLocalUser();
    f = { store, index: new SqliteLexicalIndex(temp.db) };
    // "shared" is in 4 of 5 chunks, "seldom" in 1.
    await indexDocument(f, ['shared seldom', 'shared one', 'shared two', 'shared three', 'other words']);
  });

  afterEach(() => {
    stats.close();
    f.index.close();
    temp.cleanup();
  });

  it('stems words with the index tokenizer and reads row counts and document frequencies', () => {
    expect(stats.stem('Running')).toBe('run');
    expect(stats.stem('ZÜRICH')).toBe('zurich');
    expect(stats.stem('cafe\u0301')).toBe('cafe');
    expect(stats.stem('…')).toBe('');
    expect(stats.rowCount()).toBe(5);
    expect(stats.documentFrequency('share')).toBe(4);
    expect(stats.documentFrequency(stats.stem('seldom'))).toBe(1);
    expect(stats.documentFrequency('absent')).toBe(0);
  });

  it('follows deletes in its row count', async () => {
    temp.db.prepare(`DELETE FROM document_chunks WHERE content = 'other words'`).run();
    expect(stats.rowCount()).toBe(4);
    temp.db.prepare('DELETE FROM document_chunks').run();
    expect(stats.rowCount()).toBe(0);
  });

  it('reads row counts past one varint byte, and recounts frequencies once the index has changed', async () => {
    expect(stats.documentFrequency('share')).toBe(4);
    await indexDocument(
      f,
      Array.from({ length: 300 }, (_, i) => `shared ${i} `),
    );
    expect(stats.rowCount()).toBe(305);
    expect(stats.documentFrequency('share')).toBe(304);
  });

  it('ORs the quoted words once per stem, and is null without words', () => {
    expect(ftsMatchExpression('Running runs RUN, seldom!', stats)).toBe('"running" OR "seldom"');
    expect(ftsMatchExpression('NEAR(x) AND "y"', stats)).toBe('"near" OR "x" OR "y"');
    expect(ftsMatchExpression(' "*" ', stats)).toBeNull();
    expect(ftsMatchExpression('', stats)).toBeNull();
  });

  it('drops English stop words unless the query has nothing else', () => {
    expect(ftsMatchExpression('safety in the programs', stats)).toBe('"safety" OR "programs"');
    expect(ftsMatchExpression('to be or not to be', stats)).toBe('"to" OR "be" OR "or" OR "not"');
  });

  it('leaves out words in half the rows when a rarer word occurs, and keeps them otherwise', () => {
    const prune = { minCommonRows: 1 };
    expect(ftsMatchExpression('shared seldom', stats, prune)).toBe('"seldom"');
    expect(ftsMatchExpression('shared', stats, prune)).toBe('"shared"');
    expect(ftsMatchExpression('shared nowhere', stats, prune)).toBe('"shared" OR "nowhere"');
    // Below minCommonRows rows holding it, a word is never left out.
    expect(ftsMatchExpression('shared seldom', stats)).toBe('"shared" OR "seldom"');
  });

  it('builds expressions FTS5 accepts for hostile input, matching what the words match', () => {
    const hostile = [
      'a"b',
      'NEAR(shared, 1)',
      'shared:*',
      '^seldom',
      '"""',
      '-shared -seldom',
      '(((',
      '\u0000x',
    ];
    for (const text of hostile) {
      const match = ftsMatchExpression(text, stats);
      if (match !== null) expect(() => matchChunkIds(temp.db, match), text).not.toThrow();
    }
    const seldom = matchChunkIds(temp.db, '"seldom"');
    expect(matchChunkIds(temp.db, ftsMatchExpression('^seldom*', stats)!)).toEqual(seldom);
  });
});
