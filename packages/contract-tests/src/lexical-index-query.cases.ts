import { expect, it } from 'vitest';
import { indexDocument, saveChunks, searchIds, type LexicalFixture } from './lexical-index.fixture.js';

/** Free-text queries (no syntax), empty queries, paging, index upkeep and option checks. */
export function queryCases(f: LexicalFixture): void {
  it('takes FTS syntax as words: quotes, operators, prefixes, columns and brackets neither throw nor act', async () => {
    const zeppelin = await indexDocument(f, ['The zeppelin crossed the lake at noon.']);
    await indexDocument(f, ['Nothing else to see here.']);
    const queries = [
      '"zeppelin',
      'zeppelin"',
      '"zeppelin" "',
      'zeppelin*',
      'NEAR(zeppelin lake',
      'NEAR(zeppelin lake, 2)',
      'zeppelin AND',
      'AND zeppelin OR',
      'NOT zeppelin',
      '-zeppelin',
      'content:zeppelin',
      'title:zeppelin',
      '{content title}: zeppelin',
      '(zeppelin',
      'zeppelin)',
      '^zeppelin',
      'zeppelin + lake',
      "zeppelin's",
      'zeppelin\u0000',
    ];
    for (const query of queries) {
      // Each names "zeppelin" as a word; none restricts it to a column or excludes it.
      expect(await searchIds(f.index, query), query).toEqual(zeppelin.chunkIds);
    }
  });

  it('matches the words of operators like any word, and does not expand a prefix', async () => {
    const rock = await indexDocument(f, ['Rock and roll never dies.']);
    const near = await indexDocument(f, ['The station is near the river.']);
    await indexDocument(f, ['Fish swim upstream in spring.']);
    // "and" and "not" are also English stop words, which no index holds; NOT excludes nothing.
    expect(await searchIds(f.index, 'AND')).toEqual([]);
    expect(await searchIds(f.index, 'rock AND NOT roll')).toEqual(rock.chunkIds);
    expect(await searchIds(f.index, 'NEAR')).toEqual(near.chunkIds);
    expect(await searchIds(f.index, 'roll*')).toEqual(rock.chunkIds);
    // "riv*" is the word "riv", which no chunk holds.
    expect(await searchIds(f.index, 'riv*')).toEqual([]);
  });

  it('returns nothing for an empty query, white space or punctuation alone', async () => {
    await indexDocument(f, ['Some text that any word query could find.']);
    for (const query of ['', '   ', '\n\t', '"', '""', '*', '()', '-', ':', '^', '…', '!?.,;']) {
      expect(await f.index.search(query, { filter: {}, limit: 10 }), JSON.stringify(query)).toEqual([]);
    }
  });

  it('pages with offset and limit in one stable order, without repeats or gaps', async () => {
    const chunks: string[] = [];
    for (let i = 0; i < 4; i++) {
      const texts = [0, 1, 2].map((j) => `${'pelican '.repeat(1 + ((i + j) % 3))}item ${i}-${j}`);
      chunks.push(...(await indexDocument(f, texts)).chunkIds);
    }
    await indexDocument(f, ['An unrelated chunk about owls.']);
    const all = await searchIds(f.index, 'pelican', { limit: 50 });
    expect([...all].sort()).toEqual([...chunks].sort());
    const paged: string[] = [];
    for (let offset = 0; offset < 14; offset += 5) {
      paged.push(...(await searchIds(f.index, 'pelican', { limit: 5, offset })));
    }
    expect(paged).toEqual(all);
    expect(await searchIds(f.index, 'pelican', { limit: 5, offset: 12 })).toEqual([]);
  });

  it('forgets deleted documents and replaced content', async () => {
    const kept = await indexDocument(f, ['A lighthouse on the cliff.']);
    const deleted = await indexDocument(f, [
      'A lighthouse keeper wrote letters.',
      'Letters to the mainland.',
    ]);
    const replaced = await indexDocument(f, ['The lighthouse lamp was replaced.', 'Old lamp oil.']);
    await f.store.documents.delete(deleted.doc.id);
    const renewed = await saveChunks(f, replaced.doc.id, ['A brand new beacon stands there.']);
    expect(await searchIds(f.index, 'lighthouse')).toEqual(kept.chunkIds);
    expect(await searchIds(f.index, 'letters')).toEqual([]);
    expect(await searchIds(f.index, 'lamp oil')).toEqual([]);
    expect(await searchIds(f.index, 'beacon')).toEqual(renewed.chunkIds);
    expect(renewed.chunkIds.some((id) => replaced.chunkIds.includes(id))).toBe(false);
    expect(await f.index.snippet(deleted.chunkIds[0]!, 'lighthouse', SNIPPET)).toBeNull();
    expect(await f.index.snippet(replaced.chunkIds[0]!, 'lighthouse', SNIPPET)).toBeNull();
  });

  it('refuses a limit below 1, a negative or fractional offset, and maxChars below 1 (SEARCH_OPTIONS_INVALID)', async () => {
    const { chunkIds } = await indexDocument(f, ['Some words.']);
    const refused = { code: 'SEARCH_OPTIONS_INVALID', category: 'user' };
    for (const options of [
      { limit: 0 },
      { limit: 1.5 },
      { limit: 10, offset: -1 },
      { limit: 10, offset: 0.5 },
    ]) {
      await expect(f.index.search('words', { filter: {}, ...options })).rejects.toMatchObject(refused);
    }
    await expect(f.index.snippet(chunkIds[0]!, 'words', { ...SNIPPET, maxChars: 0 })).rejects.toMatchObject(
      refused,
    );
  });
}

const SNIPPET = { open: '[', close: ']', maxChars: 200 };
