import { describe } from 'vitest';
import { batchReadCases } from './batch-reads.cases.js';
import { freshStorePerTest } from './fresh-store.js';
import { filterCases } from './lexical-index-filter.cases.js';
import { languageCases } from './lexical-index-language.cases.js';
import { queryCases } from './lexical-index-query.cases.js';
import { rankingCases } from './lexical-index-ranking.cases.js';
import { snippetCases } from './lexical-index-snippet.cases.js';
import type { LexicalFixture, LexicalIndexFactory } from './lexical-index.fixture.js';

/**
 * The behaviour every LexicalIndex adapter must have, as one vitest suite: ranking (rarity, coverage,
 * stemming, diacritics, title and heading weight), every SearchFilter field, paging, free text that is never
 * read as query syntax, an index that follows saved, replaced and deleted content, snippets, and languages
 * (stemming and stop words per document language, queries across the languages of the index), and the batch
 * reads search hydrates a page with (the store's getMany/getChunks with the index's snippets). Each test
 * gets a fresh store and index from `factory`, migrated here, with the local user and a second account
 * (`OTHER_OWNER`), and cleans them up afterwards:
 *
 * ```ts
 * describeLexicalIndex('sqlite', async () => { const db = …; return { store, index: new SqliteLexicalIndex(db), addUser, cleanup } });
 * ```
 */
export function describeLexicalIndex(name: string, factory: LexicalIndexFactory): void {
  describe(`LexicalIndex contract: ${name}`, () => {
    const handle = freshStorePerTest(factory);
    const fixture: LexicalFixture = {
      get store() {
        return handle().store;
      },
      get index() {
        return handle().index;
      },
    };

    describe('ranking', () => rankingCases(fixture));
    describe('filters', () => filterCases(fixture));
    describe('queries, paging and upkeep', () => queryCases(fixture));
    describe('snippets', () => snippetCases(fixture));
    describe('languages', () => languageCases(fixture));
    describe('batch reads of a page of hits', () => batchReadCases(fixture));
  });
}
