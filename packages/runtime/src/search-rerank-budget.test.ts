import type { RerankCandidate, Reranker } from '@sift/core';
import { FakeEmbedder } from '@sift/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { searchFixture, type SearchFixture } from './search-test-support.js';

/**
 * A reranker that honours the budget the way the cross-encoder does, without its timing: it scores the
 * candidates `scoredIds` names (highest score to the last of them) and returns only those when given a budget.
 */
function partialReranker(scoredIds: () => string[]): Reranker & { budgets: (number | undefined)[] } {
  const budgets: (number | undefined)[] = [];
  return {
    name: 'partial',
    budgets,
    async rerank(_query: string, candidates: RerankCandidate[], options) {
      budgets.push(options.budgetMs);
      const wanted = scoredIds();
      const scored =
        options.budgetMs === undefined ? candidates : candidates.filter((c) => wanted.includes(c.id));
      return [...scored].reverse().map((c, i) => ({ id: c.id, score: 10 - i }));
    },
  };
}

describe('SearchService with a reranker time budget', () => {
  let f: SearchFixture;
  afterEach(async () => f.close());

  const base = { query: 'apple', mode: 'lexical' as const, filter: {}, limit: 5 };
  const texts = ['apple apple apple apple', 'apple apple apple', 'apple apple', 'apple', 'apple and pears'];

  it('passes the budget; hits scored in time trade places, the others keep theirs, and the answer says so', async () => {
    let scored: string[] = [];
    const partial = partialReranker(() => scored);
    f = await searchFixture(new FakeEmbedder({ dimensions: 8 }), {
      rerankers: { partial },
      options: { rerankBudgetMs: 250 },
    });
    await f.addDocument('a.txt', 'A', texts);
    const plain = (await f.service.search(base)).hits.map((h) => h.chunkId);
    expect(plain).toHaveLength(5);
    // In time for the 1st, 2nd and 4th fused hits only: they reverse among their own places (1, 2, 4).
    scored = [plain[0]!, plain[1]!, plain[3]!];
    const answer = await f.service.search({ ...base, rerank: 'partial' });
    expect(partial.budgets).toEqual([250]);
    expect(answer.hits.map((h) => h.chunkId)).toEqual([plain[3], plain[1], plain[2], plain[0], plain[4]]);
    expect(answer.hits.map((h) => h.scores.rerank)).toEqual([10, 9, null, 8, null]);
    expect(answer.reranker).toBe('partial');
    expect(answer.warnings).toEqual([
      'reranker partial ran out of its 250 ms budget after scoring 3 of 5 candidates; the rest keep the fused order',
    ]);
  });

  it('keeps the fused order, reranker null, when nothing was scored in time', async () => {
    const partial = partialReranker(() => []);
    f = await searchFixture(new FakeEmbedder({ dimensions: 8 }), {
      rerankers: { partial },
      options: { rerankBudgetMs: 100 },
    });
    await f.addDocument('a.txt', 'A', texts);
    const plain = (await f.service.search(base)).hits.map((h) => h.chunkId);
    const answer = await f.service.search({ ...base, rerank: 'partial' });
    expect(answer.hits.map((h) => h.chunkId)).toEqual(plain);
    expect(answer.reranker).toBeNull();
    expect(answer.warnings[0]).toContain('after scoring 0 of 5 candidates');
  });

  it('waits as long as it takes without a budget, and reranks only the top rerankDepth hits', async () => {
    const partial = partialReranker(() => []);
    f = await searchFixture(new FakeEmbedder({ dimensions: 8 }), {
      rerankers: { partial },
      options: { rerankDepth: 3 },
    });
    await f.addDocument('a.txt', 'A', texts);
    const plain = (await f.service.search(base)).hits.map((h) => h.chunkId);
    const answer = await f.service.search({ ...base, rerank: 'partial' });
    expect(partial.budgets).toEqual([undefined]);
    expect(answer.hits.map((h) => h.chunkId)).toEqual([plain[2], plain[1], plain[0], plain[3], plain[4]]);
    expect(answer.warnings).toEqual([]);
  });
});
