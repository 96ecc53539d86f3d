import { indexDocument, type LexicalFixture } from '@sift/contract-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lexicalAnalyzerOf } from './fts-analysis.js';
import {
  DEFAULT_LEXICAL_PRUNING,
  ftsMatchExpression,
  planQuery,
  quote,
  selectQueryTerms,
  type TermStatistics,
} from './fts-query.js';
import { FtsTermStats } from './fts-term-stats.js';
import { SqliteLexicalIndex } from './sqlite-lexical-index.adapter.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

describe('ftsMatchExpression', () => {
  it('ORs the terms as FTS5 strings, doubling inner quotes, and is null without terms', () => {
    expect(ftsMatchExpression(['umow', 'vertrag'])).toBe('"umow" OR "vertrag"');
    expect(ftsMatchExpression(['near', 'a"b'])).toBe('"near" OR "a""b"');
    expect(ftsMatchExpression([])).toBeNull();
    expect(quote('and')).toBe('"and"');
  });
});

describe('selectQueryTerms', () => {
  /** Statistics of an imaginary index of `rows` rows. */
  const stats = (rows: number, df: Record<string, number>): TermStatistics => ({
    rowCount: () => rows,
    documentFrequency: (term) => df[term] ?? 0,
  });

  it('leaves out terms in half the rows of a large index when a rarer term occurs', () => {
    const large = stats(10_000, { common: 6_000, seldom: 3, other: 4_999 });
    expect(selectQueryTerms(['common', 'seldom', 'other'], large)).toEqual(['seldom', 'other']);
    // No rarer term that occurs: every term stays, so common words still find their chunks.
    expect(selectQueryTerms(['common', 'nowhere'], large)).toEqual(['common', 'nowhere']);
    expect(selectQueryTerms([], large)).toEqual([]);
  });

  it('keeps every term of a small index, below minCommonRows rows holding it', () => {
    const small = stats(100, { common: 90, seldom: 1 });
    expect(selectQueryTerms(['common', 'seldom'], small)).toEqual(['common', 'seldom']);
    expect(selectQueryTerms(['common', 'seldom'], small, { minCommonRows: 1 })).toEqual(['seldom']);
  });

  it('plans the rarer terms of a large index to find candidates, the rarest always', () => {
    const index = stats(100_000, { wide: 9_000, mid: 4_000, rare: 50, half: 60_000 });
    const pruning = { commonShare: 0.05, minRows: 0, candidates: 100 };
    // half is left out (idf ≤ 0); wide (9 %) only re-scores.
    expect(planQuery(['wide', 'mid', 'rare', 'nowhere', 'half'], index, pruning)).toEqual({
      terms: ['wide', 'mid', 'rare', 'nowhere'],
      essential: ['mid', 'rare', 'nowhere'],
    });
    expect(planQuery(['wide', 'mid'], index, { ...pruning, commonShare: 0.01 })).toEqual({
      terms: ['wide', 'mid'],
      essential: ['mid'],
    });
    // Below the floor, and without pruning, every term finds candidates.
    const all = { terms: ['wide', 'mid'], essential: ['wide', 'mid'] };
    expect(planQuery(['wide', 'mid'], index, { ...pruning, minRows: 10_000 })).toEqual(all);
    expect(planQuery(['wide', 'mid'], index, null)).toEqual(all);
    // The default: 5 % of the rows, never below 5,000.
    const small = stats(20_000, { wide: 4_000, mid: 100 });
    expect(planQuery(['wide', 'mid'], small, DEFAULT_LEXICAL_PRUNING)).toEqual(all);
    expect(planQuery(['wide', 'mid'], index, DEFAULT_LEXICAL_PRUNING)).toEqual({
      terms: ['wide', 'mid'],
      essential: ['mid'],
    });
  });
});

describe('FtsTermStats and query terms on a real index', () => {
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

  afterEach(() => temp.cleanup());

  it('reads row counts and document frequencies of the analysed terms', () => {
    expect(stats.rowCount()).toBe(5);
    expect(stats.documentFrequency('share')).toBe(4);
    expect(stats.documentFrequency('seldom')).toBe(1);
    expect(stats.documentFrequency('shared')).toBe(0);
    expect(stats.documentFrequency('absent')).toBe(0);
  });

  it('follows deletes in its row count', () => {
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

  it('plans a query as the distinct terms of its words in the languages of the index', async () => {
    expect(f.index.queryTerms('Sharing shared SHARES, seldom!')).toEqual(['share', 'seldom']);
    expect(f.index.queryTerms('the of and')).toEqual([]);
    await indexDocument(f, ['Umowa najmu.'], { language: 'pl' });
    // English (the documents without a language) and Polish.
    expect(f.index.queryTerms('umowy').sort()).toEqual(['umow', 'umowi']);
    expect(f.index.queryTerms('umowy', ['pl'])).toEqual(['umow']);
  });

  it('builds expressions FTS5 accepts for hostile input, matching what the words match', () => {
    const analyzer = lexicalAnalyzerOf(temp.db);
    const match = temp.db.prepare(
      `SELECT rowid FROM document_chunks_fts WHERE document_chunks_fts MATCH ? ORDER BY rowid`,
    );
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
      const expression = ftsMatchExpression(analyzer.queryTerms(text, ['en']));
      if (expression !== null) expect(() => match.all(expression), text).not.toThrow();
    }
    const seldom = match.all('"seldom"');
    expect(seldom).toHaveLength(1);
    expect(match.all(ftsMatchExpression(analyzer.queryTerms('^seldom*', ['en']))!)).toEqual(seldom);
  });
});
