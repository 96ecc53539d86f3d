import { describe, expect, it } from 'vitest';
import type { RerankCandidate } from '../ports/reranker.port.js';
import { MmrReranker } from './mmr.reranker.js';
import { cosine } from './vector-math.js';

const vector = (...values: number[]) => Float32Array.from(values);

function candidate(id: string, score: number, v: Float32Array | null | undefined): RerankCandidate {
  return { id, text: `text of ${id}`, score, vector: v };
}

/**
 * Fused scores 1, 0.9, 0.8 and 0 scale to relevance 1, 0.9, 0.8 and 0. `top-copy` is nearly `top`
 * (cos ≈ 0.99); `distinct` is orthogonal to `top`, `tail` to all three.
 */
const top = candidate('top', 1, vector(1, 0, 0));
const topCopy = candidate('top-copy', 0.9, vector(0.99, 0, 0.14));
const distinct = candidate('distinct', 0.8, vector(0, 0, 1));
const tail = candidate('tail', 0, vector(0, 1, 0));

describe('MmrReranker', () => {
  it('pushes a near-duplicate of the top candidate below a distinct one', async () => {
    const results = await new MmrReranker(0.7).rerank('q', [top, topCopy, distinct, tail], { limit: 4 });

    expect(results.map((r) => r.id)).toEqual(['top', 'distinct', 'top-copy', 'tail']);
    // top: 0.7·1; distinct: 0.7·0.8 − 0.3·0; top-copy: 0.7·0.9 − 0.3·cos(top-copy, top).
    expect(results[0]!.score).toBeCloseTo(0.7, 10);
    expect(results[1]!.score).toBeCloseTo(0.56, 10);
    expect(results[2]!.score).toBeCloseTo(0.63 - 0.3 * cosine(topCopy.vector!, top.vector!), 6);
    expect(results[3]!.score).toBeCloseTo(0, 10);
  });

  it('keeps the input order with lambda 1, scoring each by its scaled relevance', async () => {
    const input = [top, topCopy, distinct, tail];
    const results = await new MmrReranker(1).rerank('q', input, { limit: 10 });

    expect(results.map((r) => r.id)).toEqual(input.map((c) => c.id));
    expect(results.map((r) => r.score)).toEqual([1, expect.closeTo(0.9, 10), expect.closeTo(0.8, 10), 0]);
  });

  it('does not penalise candidates without a vector, nor vectors of another dimension', async () => {
    const sameAsTop = candidate('same-as-top', 0.85, vector(1, 0, 0));
    const noVector = candidate('no-vector', 0.8, null);
    const otherDim = candidate('other-dim', 0.8, vector(1, 0));
    const undefinedVector = candidate('undefined-vector', 0.8, undefined);

    const results = await new MmrReranker(0.7).rerank(
      'q',
      [top, sameAsTop, noVector, otherDim, undefinedVector, tail],
      { limit: 6 },
    );

    expect(results.map((r) => r.id)).toEqual([
      'top',
      'no-vector',
      'other-dim',
      'undefined-vector',
      'same-as-top',
      'tail',
    ]);
    // Their scores are relevance alone: 0.7 · 0.8.
    expect(results.slice(1, 4).map((r) => r.score)).toEqual(Array(3).fill(expect.closeTo(0.56, 10)));
    // The exact copy of the top one pays the whole redundancy, 0.7 · 0.85 − 0.3 · 1, falling below them.
    expect(results[4]!.score).toBeCloseTo(0.595 - 0.3, 10);
  });

  it('lets diversity alone decide when every candidate has the same score', async () => {
    const a = candidate('a', 3, vector(1, 0));
    const aCopy = candidate('a-copy', 3, vector(1, 0.01));
    const b = candidate('b', 3, vector(0, 1));

    const results = await new MmrReranker().rerank('q', [a, aCopy, b], { limit: 3 });

    expect(results.map((r) => r.id)).toEqual(['a', 'b', 'a-copy']);
  });

  it('returns at most limit results, each candidate once', async () => {
    const reranker = new MmrReranker();
    const input = [top, topCopy, distinct, tail];

    const two = await reranker.rerank('q', input, { limit: 2 });
    const all = await reranker.rerank('q', input, { limit: 50 });

    expect(two.map((r) => r.id)).toEqual(['top', 'distinct']);
    expect(all).toHaveLength(4);
    expect(new Set(all.map((r) => r.id))).toEqual(new Set(input.map((c) => c.id)));
  });

  it('returns nothing for no candidates', async () => {
    expect(await new MmrReranker().rerank('q', [], { limit: 10 })).toEqual([]);
  });

  it('stops before work when the search is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();

    await expect(
      new MmrReranker().rerank('q', [top, distinct], { limit: 2, signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
  });

  it('names itself mmr, as requests ask for it', () => {
    expect(new MmrReranker().name).toBe('mmr');
  });
});
