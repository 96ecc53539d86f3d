import { AppError, QueryCache, type Reranker, type SearchResponse } from '@sift/core';
import { FakeEmbedder } from '@sift/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { searchFixture, type SearchFixture } from './search-test-support.js';

/** SearchService over the real embedded indexes (SQLite FTS5 + vectors); the embedder is a deterministic fake. */
describe('SearchService on SQLite', () => {
  let f: SearchFixture;
  afterEach(async () => f.close());

  it('finds chunks lexically with offsets, pages, heading path, snippet and score breakdown', async () => {
    f = await searchFixture(new FakeEmbedder({ dimensions: 8 }));
    const id = await f.addDocument('bees.txt', 'Bees', [
      'Honey bees pollinate almond orchards.',
      'Wasps do not make honey.',
    ]);
    await f.addDocument('cars.txt', 'Cars', ['Electric cars need charging stations.']);
    const { hits, mode, cached } = await f.service.search({
      query: 'pollinate orchards',
      mode: 'lexical',
      filter: {},
      limit: 5,
    });
    expect({ mode, cached }).toEqual({ mode: 'lexical', cached: false });
    expect(hits[0]).toMatchObject({
      documentId: id,
      title: 'Bees',
      content: 'Honey bees pollinate almond orchards.',
      startChar: 0,
      endChar: 37,
      pageFrom: 1,
      headingPath: ['Intro'],
      scores: { vector: null, rerank: null },
    });
    expect(hits[0]!.snippet).toContain('<mark>pollinate</mark>');
    expect(hits[0]!.scores.lexical).toBeGreaterThan(0);
  });

  it('ranks by vector similarity in semantic mode and fuses both legs in hybrid mode', async () => {
    f = await searchFixture(new FakeEmbedder({ dimensions: 8 }));
    await f.addDocument('a.txt', 'A', ['alpha passage about rivers', 'beta passage about mountains']);
    const semantic = (await f.service.search({ query: 'mountains', mode: 'semantic', filter: {}, limit: 2 }))
      .hits;
    expect(semantic).toHaveLength(2);
    expect(semantic.every((h) => h.scores.lexical === null && h.scores.vector !== null)).toBe(true);
    expect(semantic[0]!.scores.vector!).toBeGreaterThanOrEqual(semantic[1]!.scores.vector!);

    const hybrid = (await f.service.search({ query: 'mountains', mode: 'hybrid', filter: {}, limit: 2 }))
      .hits;
    const both = hybrid.find((h) => h.content === 'beta passage about mountains')!;
    expect(both.scores.lexical).toBeGreaterThan(0);
    expect(both.scores.vector).not.toBeNull();
    // Found by both legs, it outranks the chunk only the vector leg returned.
    expect(hybrid[0]!.content).toBe('beta passage about mountains');
  });

  it('applies filters, grouping by document and paging', async () => {
    f = await searchFixture(new FakeEmbedder({ dimensions: 8 }));
    const keep = await f.addDocument('keep.txt', 'Keep', ['shared words one', 'shared words two']);
    await f.addDocument('drop.txt', 'Drop', ['shared words three']);
    const search = async (extra: object) =>
      (await f.service.search({ query: 'shared words', mode: 'lexical', filter: {}, limit: 10, ...extra }))
        .hits;
    const filtered = await search({ mode: 'hybrid', filter: { documentIds: [keep] } });
    expect(new Set(filtered.map((h) => h.documentId))).toEqual(new Set([keep]));
    expect(await search({ groupByDocument: true })).toHaveLength(2);
    const page2 = await search({ limit: 1, offset: 1 });
    const all = await search({ limit: 3 });
    expect(page2[0]!.chunkId).toBe(all[1]!.chunkId);
  });

  it('refuses an empty query and an unknown reranker', async () => {
    f = await searchFixture(new FakeEmbedder({ dimensions: 8 }));
    await expect(
      f.service.search({ query: '  ', mode: 'hybrid', filter: {}, limit: 5 }),
    ).rejects.toMatchObject({
      code: 'SEARCH_QUERY_EMPTY',
    });
    await expect(
      f.service.search({ query: 'x', mode: 'hybrid', filter: {}, limit: 5, rerank: 'magic' }),
    ).rejects.toMatchObject({ code: 'RERANKER_UNKNOWN', category: 'user' });
  });

  it('logs every query with its filters, result count and latency', async () => {
    f = await searchFixture(new FakeEmbedder({ dimensions: 8 }));
    await f.addDocument('a.txt', 'A', ['one lonely chunk about owls']);
    await f.service.search({
      query: 'owls',
      mode: 'hybrid',
      filter: { tags: ['birds'] },
      limit: 5,
      userId: null,
    });
    await f.service.search({ query: 'nothing matches zebra', mode: 'lexical', filter: {}, limit: 5 });
    const log = await f.stores.metadata.search.listQueries({ limit: 10 });
    expect(log.map((q) => [q.query, q.mode, q.resultsCount])).toEqual([
      ['nothing matches zebra', 'lexical', 0],
      ['owls', 'hybrid', 0],
    ]);
    expect(log[1]!.filters).toEqual({ tags: ['birds'] });
    expect(log[1]!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('serves identical and near-identical queries of one scope from the cache until the scope changes', async () => {
    const cache = new QueryCache<SearchResponse>({ similarity: 0.99 });
    f = await searchFixture(new FakeEmbedder({ dimensions: 8 }), { cache });
    await f.addDocument('a.txt', 'A', ['cache me if you can']);
    const first = await f.service.search({ query: 'Cache me', mode: 'hybrid', filter: {}, limit: 5 });
    expect(first.cached).toBe(false);
    const again = await f.service.search({ query: '  cache ME? ', mode: 'hybrid', filter: {}, limit: 5 });
    expect(again).toMatchObject({ cached: true, hits: first.hits });
    // Another scope (limit) is another answer.
    expect((await f.service.search({ query: 'cache me', mode: 'hybrid', filter: {}, limit: 4 })).cached).toBe(
      false,
    );
    cache.invalidate(null);
    expect((await f.service.search({ query: 'cache me', mode: 'hybrid', filter: {}, limit: 5 })).cached).toBe(
      false,
    );
    // Every search is logged, cached or not.
    expect(await f.stores.metadata.search.listQueries({ limit: 10 })).toHaveLength(4);
  });

  it('re-orders the top hits with a reranker and falls back to the fused order when it fails', async () => {
    const reverse: Reranker = {
      name: 'reverse',
      rerank: async (_q, candidates, { limit }) =>
        [...candidates]
          .reverse()
          .slice(0, limit)
          .map((c, i) => ({ id: c.id, score: 100 - i })),
    };
    const broken: Reranker = {
      name: 'broken',
      rerank: async () => {
        throw new AppError('RERANKER_UNAVAILABLE', 'third_party', 'model server down');
      },
    };
    f = await searchFixture(new FakeEmbedder({ dimensions: 8 }), { rerankers: { reverse, broken } });
    await f.addDocument('a.txt', 'A', ['apple apple apple pie', 'apple tart', 'apple juice and more words']);
    const base = { query: 'apple', mode: 'lexical' as const, filter: {}, limit: 3 };
    const plain = (await f.service.search(base)).hits.map((h) => h.chunkId);
    const reranked = await f.service.search({ ...base, rerank: 'reverse' });
    expect(reranked.reranker).toBe('reverse');
    expect(reranked.hits.map((h) => h.chunkId)).toEqual([...plain].reverse());
    expect(reranked.hits[0]!.scores.rerank).toBe(100);
    const failed = await f.service.search({ ...base, rerank: 'broken' });
    expect(failed.hits.map((h) => h.chunkId)).toEqual(plain);
    expect(failed.reranker).toBeNull();
    expect(failed.warnings[0]).toContain('RERANKER_UNAVAILABLE');
    expect((await f.service.search({ ...base, rerank: 'mmr' })).hits).toHaveLength(3);
  });
});
