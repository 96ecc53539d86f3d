import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { evaluateQuery, evaluateRun, mrrAt, ndcgAt, recallAt } from './ir-metrics.js';
import type { Qrels } from './ir-metrics.js';

const grades = (entries: Record<string, number>) => new Map(Object.entries(entries));
// log2(3) = 1.5849625, log2(5) = 2.3219281; 1/log2(3) = 0.6309298, 1/log2(5) = 0.4306766.

describe('ndcgAt', () => {
  it('discounts binary gains by log2(rank + 1)', () => {
    // DCG  = 1/log2(3) + 1/log2(5) = 0.6309298 + 0.4306766 = 1.0616064 (a at rank 2, b at rank 4)
    // IDCG = 1 + 1/log2(3) = 1.6309298 → nDCG = 0.6509209
    expect(ndcgAt(10, ['x', 'a', 'y', 'b'], grades({ a: 1, b: 1 }))).toBeCloseTo(0.6509209, 6);
  });

  it('uses the grade itself as a linear gain', () => {
    // DCG  = 1 + 3/log2(3) + 2/log2(4) = 1 + 1.8927893 + 1 = 3.8927893   (c=1, a=3, b=2)
    // IDCG = 3 + 2/log2(3) + 1/log2(4) = 3 + 1.2618595 + 0.5 = 4.7618595 → nDCG = 0.8174935
    expect(ndcgAt(10, ['c', 'a', 'b'], grades({ a: 3, b: 2, c: 1 }))).toBeCloseTo(0.8174935, 6);
  });

  it('scores either order of equally graded documents as ideal, and grades ties correctly below', () => {
    const tied = grades({ a: 2, b: 2, c: 1 });
    expect(ndcgAt(10, ['a', 'b', 'c'], tied)).toBeCloseTo(1, 12);
    expect(ndcgAt(10, ['b', 'a', 'c'], tied)).toBeCloseTo(1, 12);
    // DCG  = 1 + 2/log2(3) + 2/log2(4) = 1 + 1.2618595 + 1 = 3.2618595
    // IDCG = 2 + 2/log2(3) + 1/log2(4) = 2 + 1.2618595 + 0.5 = 3.7618595 → nDCG = 0.867087
    expect(ndcgAt(10, ['c', 'a', 'b'], tied)).toBeCloseTo(0.867087, 6);
  });

  it('normalises a ranking shorter than k by the full ideal ranking', () => {
    // DCG = 1 (a at rank 1); IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.1309298 → nDCG = 0.4692787
    expect(ndcgAt(10, ['a'], grades({ a: 1, b: 1, c: 1 }))).toBeCloseTo(0.4692787, 6);
  });

  it('cuts both the ranking and the ideal ranking at k', () => {
    // k = 2: DCG = 3 + 1/log2(3) = 3.6309298 (b beyond the cutoff); IDCG = 3 + 2/log2(3) = 4.2618595
    // → nDCG = 0.851959
    const judged = grades({ a: 3, b: 2, c: 1 });
    expect(ndcgAt(2, ['a', 'c', 'b'], judged)).toBeCloseTo(0.851959, 6);
    expect(ndcgAt(2, ['a', 'b', 'x'], judged)).toBeCloseTo(1, 12);
  });

  it('is 0 when nothing relevant is retrieved; unjudged and non-positive grades give no gain', () => {
    expect(ndcgAt(10, ['x', 'y', 'z'], grades({ a: 1 }))).toBe(0);
    // d (grade 0) and e (grade -1) add nothing; a at rank 3: DCG = 1/log2(4) = 0.5; IDCG = 1 → 0.5
    expect(ndcgAt(10, ['d', 'e', 'a'], grades({ a: 1, d: 0, e: -1 }))).toBeCloseTo(0.5, 12);
  });

  it('is 0 for a query whose judgments are all non-relevant, as BEIR scores it', () => {
    expect(ndcgAt(10, ['d', 'e'], grades({ d: 0, e: -1 }))).toBe(0);
  });

  it('counts a repeated document once, at its first position', () => {
    // ranking [a, a, b] is [a, b]: b at rank 2 → DCG = 1/log2(3) = 0.6309298; IDCG = 1
    expect(ndcgAt(10, ['a', 'a', 'b'], grades({ b: 1 }))).toBeCloseTo(0.6309298, 6);
  });

  it('refuses a cutoff that is not a positive integer', () => {
    for (const k of [0, -1, 2.5, Number.NaN]) {
      expect(() => ndcgAt(k, ['a'], grades({ a: 1 }))).toThrow(
        expect.objectContaining({ code: 'EVAL_INVALID_OPTIONS', category: 'user' }),
      );
    }
  });
});

describe('recallAt', () => {
  const judged = grades({ a: 1, b: 2, c: 1, d: 0 });

  it('counts relevant (grade > 0) documents in the top k over all relevant documents', () => {
    // relevant = {a, b, c}; top 3 of [a, d, x, b] holds a → 1/3; top 4 holds a and b → 2/3
    expect(recallAt(3, ['a', 'd', 'x', 'b'], judged)).toBeCloseTo(1 / 3, 12);
    expect(recallAt(4, ['a', 'd', 'x', 'b'], judged)).toBeCloseTo(2 / 3, 12);
  });

  it('handles a ranking shorter than k and an empty one', () => {
    expect(recallAt(100, ['c', 'b', 'a'], judged)).toBe(1);
    expect(recallAt(100, [], judged)).toBe(0);
  });

  it('is 0 when nothing relevant is retrieved or nothing is relevant', () => {
    expect(recallAt(10, ['d', 'x'], judged)).toBe(0);
    expect(recallAt(10, ['d'], grades({ d: 0 }))).toBe(0);
  });

  it('does not count a repeated relevant document twice', () => {
    expect(recallAt(10, ['a', 'a', 'a'], judged)).toBeCloseTo(1 / 3, 12);
  });
});

describe('mrrAt', () => {
  it('is the reciprocal rank of the first relevant document within k', () => {
    // x unjudged, d graded 0, b relevant at rank 3 → 1/3
    const judged = grades({ b: 1, d: 0 });
    expect(mrrAt(10, ['x', 'd', 'b'], judged)).toBeCloseTo(1 / 3, 12);
    expect(mrrAt(10, ['b', 'x'], judged)).toBe(1);
  });

  it('is 0 when the first relevant document lies beyond k or is missing', () => {
    const judged = grades({ b: 1 });
    expect(mrrAt(2, ['x', 'y', 'b'], judged)).toBe(0);
    expect(mrrAt(10, [], judged)).toBe(0);
  });
});

describe('evaluateQuery', () => {
  it('reports nDCG@10, recall@100 and MRR@10 of one ranking', () => {
    // a (grade 2) at rank 11, b (grade 1) at rank 1: nDCG@10 = 1 / (2 + 1/log2(3)) = 1/2.6309298 = 0.3800937;
    // recall@100 = 2/2; MRR@10 = 1
    const ranked = ['b', ...Array.from({ length: 9 }, (_, i) => `x${i}`), 'a'];
    const scores = evaluateQuery(ranked, grades({ a: 2, b: 1 }));
    expect(scores.ndcg_at_10).toBeCloseTo(0.3800937, 6);
    expect(scores.recall_at_100).toBe(1);
    expect(scores.mrr_at_10).toBe(1);
  });
});

describe('evaluateRun', () => {
  const qrels: Qrels = new Map([
    ['q1', grades({ a: 1 })],
    ['q2', grades({ b: 1 })],
  ]);

  it('averages over every judged query, a query missing from the run scoring 0', () => {
    // q1 perfect (1, 1, 1); q2 absent (0, 0, 0); q9 unjudged and ignored → means 0.5
    const metrics = evaluateRun(
      new Map([
        ['q1', ['a']],
        ['q9', ['b']],
      ]),
      qrels,
    );
    expect(metrics).toEqual({ ndcg_at_10: 0.5, recall_at_100: 0.5, mrr_at_10: 0.5, queries: 2 });
  });

  it('counts a query with an empty result list as 0', () => {
    const metrics = evaluateRun(
      new Map([
        ['q1', ['a']],
        ['q2', []],
      ]),
      qrels,
    );
    expect(metrics.ndcg_at_10).toBe(0.5);
    expect(metrics.queries).toBe(2);
  });

  it('drops a result whose id equals the query id, as BEIR does, unless told not to', () => {
    const sameIds: Qrels = new Map([['7', grades({ '7': 1, '8': 1 })]]);
    const run = new Map([['7', ['7', '8']]]);
    // with the drop the ranking is [8]: nDCG = 1 / (1 + 1/log2(3)) = 0.6131472, recall 1/2, MRR 1
    const dropped = evaluateRun(run, sameIds);
    expect(dropped.ndcg_at_10).toBeCloseTo(0.6131472, 6);
    expect(dropped.recall_at_100).toBe(0.5);
    expect(dropped.mrr_at_10).toBe(1);
    expect(evaluateRun(run, sameIds, { ignoreIdenticalIds: false })).toEqual({
      ndcg_at_10: 1,
      recall_at_100: 1,
      mrr_at_10: 1,
      queries: 1,
    });
  });

  it('refuses qrels that judge no query', () => {
    expect(() => evaluateRun(new Map(), new Map())).toThrow(AppError);
    expect(() => evaluateRun(new Map(), new Map())).toThrow(
      expect.objectContaining({ code: 'EVAL_NO_QUERIES', retryable: false }),
    );
  });
});
