import { describe, expect, it } from 'vitest';
import { alphaFusion, reciprocalRankFusion } from './fusion.js';
import type { IndexHit } from './search.types.js';

const hits = (...ids: [string, number][]): IndexHit[] =>
  ids.map(([id, score]) => ({ chunkId: id, documentId: `d-${id}`, score }));

describe('reciprocalRankFusion', () => {
  it('adds 1/(60+rank) from each leg that found a chunk', () => {
    const fused = reciprocalRankFusion({
      lexical: hits(['a', 9], ['b', 5]),
      vector: hits(['b', 0.9], ['c', 0.8]),
    });
    expect(fused.map((h) => h.chunkId)).toEqual(['b', 'a', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61);
    expect(fused[1]!.score).toBeCloseTo(1 / 61);
    expect(fused[0]).toMatchObject({ lexical: { score: 5, rank: 2 }, vector: { score: 0.9, rank: 1 } });
    expect(fused[2]!.lexical).toBeNull();
  });

  it('lets a weaker leg count less through its weight', () => {
    const legs = { lexical: hits(['a', 3], ['b', 2]), vector: hits(['b', 0.9], ['a', 0.1]) };
    expect(reciprocalRankFusion(legs, { weights: { lexical: 1, vector: 0.5 } })[0]!.chunkId).toBe('a');
    expect(reciprocalRankFusion(legs, { weights: { lexical: 0.5, vector: 1 } })[0]!.chunkId).toBe('b');
  });

  it('keeps the first occurrence when a leg repeats a chunk', () => {
    const fused = reciprocalRankFusion({ lexical: hits(['a', 3], ['a', 1]), vector: [] });
    expect(fused).toHaveLength(1);
    expect(fused[0]!.lexical).toEqual({ score: 3, rank: 1 });
  });
});

describe('alphaFusion', () => {
  const legs = {
    lexical: hits(['a', 10], ['b', 6], ['c', 2]),
    vector: hits(['c', 0.9], ['b', 0.5], ['d', 0.1]),
  };

  it('is pure lexical at alpha 0 and pure vector at alpha 1', () => {
    expect(
      alphaFusion(legs, 0)
        .slice(0, 3)
        .map((h) => h.chunkId),
    ).toEqual(['a', 'b', 'c']);
    expect(
      alphaFusion(legs, 1)
        .slice(0, 2)
        .map((h) => h.chunkId),
    ).toEqual(['c', 'b']);
  });

  it('mixes min-max normalised scores', () => {
    const fused = alphaFusion(legs, 0.5);
    const b = fused.find((h) => h.chunkId === 'b')!;
    // lexical (6-2)/(10-2) = 0.5, vector (0.5-0.1)/(0.9-0.1) = 0.5
    expect(b.score).toBeCloseTo(0.5);
    const c = fused.find((h) => h.chunkId === 'c')!;
    expect(c.score).toBeCloseTo(0.5 * 1 + 0.5 * 0);
  });

  it('gives a single result the full score instead of dividing by zero', () => {
    expect(alphaFusion({ lexical: hits(['a', 4]), vector: [] }, 0.3)[0]!.score).toBeCloseTo(0.7);
  });
});
