import { indexDocument } from '@sift/contract-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planQuery } from './fts-query.js';
import { FtsTermStats } from './fts-term-stats.js';
import { SqliteLexicalIndex } from './sqlite-lexical-index.adapter.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

// Two-phase ranking on a real index of 40 chunks (chunk i holds filler<i>x): zorblat is in chunks 0–15,
// quenmid in 12–17, raritok in 14 and 30. A common share of 20 % allows 8 rows: quenmid and raritok find
// the candidates, zorblat only re-scores them.
describe('SqliteLexicalIndex with pruning', () => {
  const pruning = { commonShare: 0.2, minRows: 0, candidates: 5 };
  let temp: TempDatabase;
  let pruned: SqliteLexicalIndex;
  let full: SqliteLexicalIndex;
  let order: string[];

  beforeEach(async () => {
    temp = createTempDatabase();
    const store = new SqliteMetadataStore(temp.db);
    await store.ensureLocalUser();
    pruned = new SqliteLexicalIndex(temp.db, { pruning });
    full = new SqliteLexicalIndex(temp.db, { pruning: null });
    const chunks = Array.from({ length: 40 }, (_, i) => {
      const words = [`filler${i}x`];
      if (i < 16) words.push('zorblat');
      if (i >= 12 && i < 18) words.push('quenmid');
      if (i === 14 || i === 30) words.push('raritok');
      return `${words.join(' ')}. `;
    });
    order = (await indexDocument({ store, index: full }, chunks)).chunkIds;
  });

  afterEach(() => temp.cleanup());

  const ids = async (index: SqliteLexicalIndex, query: string, limit: number) =>
    (await index.search(query, { filter: {}, limit })).map((hit) => hit.chunkId);
  const chunk = (...ordinals: number[]) => ordinals.map((i) => order[i]);

  it('finds candidates with the rarer terms and searches every term', () => {
    const plan = planQuery(['zorblat', 'quenmid', 'raritok'], new FtsTermStats(temp.db), pruning);
    expect(plan).toEqual({ terms: ['zorblat', 'quenmid', 'raritok'], essential: ['quenmid', 'raritok'] });
    expect(pruned.queryTerms('zorblat quenmid raritok')).toEqual(['zorblat', 'quenmid', 'raritok']);
  });

  it('re-scores the candidates with every term, as one statement over every row ranks them', async () => {
    const query = 'zorblat quenmid raritok';
    // 14 holds all three; raritok alone (30) outweighs quenmid and zorblat (12, 13, 15).
    expect(await ids(full, query, 5)).toEqual(chunk(14, 30, 12, 13, 15));
    expect(await ids(pruned, query, 7)).toEqual(await ids(full, query, 7));
    const wider = new SqliteLexicalIndex(temp.db, { pruning: { ...pruning, candidates: 7 } });
    expect(await ids(wider, query, 5)).toEqual(await ids(full, query, 5));
  });

  it('ranks only the candidates: the rows the rarer terms rank best', async () => {
    // By quenmid and raritok alone, the shorter chunks 16 and 17 (no zorblat) beat 13 and 15, so the 5
    // candidates are 14, 30, 16, 17, 12; zorblat then lifts 12 above 16 and 17.
    expect(await ids(pruned, 'zorblat quenmid raritok', 5)).toEqual(chunk(14, 30, 12, 16, 17));
  });

  it('ranks every row in one statement when the candidates cannot fill the page', async () => {
    // Only 7 chunks hold quenmid or raritok: the chunks of zorblat alone fill the rest of a page of 10.
    const query = 'zorblat quenmid raritok';
    expect(await ids(pruned, query, 10)).toEqual(await ids(full, query, 10));
    expect(await ids(pruned, query, 10)).toHaveLength(10);
  });

  it('answers queries of rare terms, or of one term, exactly as without pruning', async () => {
    for (const query of ['raritok', 'quenmid raritok', 'quenmid', 'zorblat', 'zorblat raritok']) {
      expect(await ids(pruned, query, 3), query).toEqual(await ids(full, query, 3));
    }
  });

  it('marks every searched word in snippets', async () => {
    const query = 'zorblat quenmid raritok';
    const [hit] = await pruned.search(query, { filter: {}, limit: 1 });
    const snippet = await pruned.snippet(hit!.chunkId, query, { open: '[', close: ']', maxChars: 200 });
    expect(snippet).toBe('filler14x [zorblat] [quenmid] [raritok]. ');
  });

  it('rejects pruning options out of range', () => {
    for (const bad of [
      { ...pruning, commonShare: -1 },
      { ...pruning, candidates: 0 },
    ]) {
      expect(() => new SqliteLexicalIndex(temp.db, { pruning: bad })).toThrow(/pruning/);
    }
  });
});
