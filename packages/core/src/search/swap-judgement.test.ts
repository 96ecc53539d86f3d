import { describe, expect, it } from 'vitest';
import { judgeSwap, type SwapEvidence, type SwapSampleAnswer } from './swap-judgement.js';

const docs = (...ids: number[]) => ids.map((i) => `d${i}`);
const range = (from: number, n = 10) => Array.from({ length: n }, (_, i) => from + i);

/** Unit vectors pointing different ways: one per sample query, as a working model gives them. */
function spread(n: number, dims = 16): Float32Array[] {
  return Array.from({ length: n }, (_, i) => {
    const v = new Float32Array(dims);
    v[i % dims] = 1;
    v[(i + 1) % dims] = 0.5;
    return v;
  });
}

/** Eight queries over a 500-document corpus; each side answers query q around document 20q. */
function evidence(newDocs: (q: number) => string[], extra: Partial<SwapEvidence> = {}): SwapEvidence {
  const samples: SwapSampleAnswer[] = range(0, 8).map((q) => ({
    query: `query ${q}`,
    ...(q >= 4 ? { sourceDocumentId: `d${20 * q}` } : {}),
    newDocs: newDocs(q),
    oldDocs: docs(...range(20 * q)),
    lexicalDocs: docs(...range(20 * q + 3)),
  }));
  return { samples, queryVectors: spread(8), storedVectors: spread(4), documents: 500, k: 10, ...extra };
}

describe('judgeSwap', () => {
  it('passes a model that answers differently but sensibly (half of each top 10 is new to the reference)', () => {
    const { reasons, metrics } = judgeSwap(
      evidence((q) => docs(...range(20 * q, 5), ...range(400 + 10 * q, 5))),
    );
    expect(reasons).toEqual([]);
    expect(metrics).toMatchObject({
      queries: 8,
      probes: 4,
      recentQueries: 4,
      emptyAnswers: 0,
      selfRecallNew: 1,
    });
    expect(metrics.agreement).toBe(0.5);
    expect(metrics.chanceAgreement).toBeCloseTo(13 / 500, 4);
  });

  it('holds a space that answers nothing where the old space answers', () => {
    const { reasons, metrics } = judgeSwap(evidence((q) => (q === 2 ? [] : docs(...range(20 * q)))));
    expect(metrics.emptyAnswers).toBe(1);
    expect(reasons).toEqual([expect.stringMatching(/answered 1 of 8 sample queries with nothing/)]);
  });

  it('holds NaN and zero vectors', () => {
    const broken = spread(4);
    broken[0] = new Float32Array(16).fill(Number.NaN);
    broken[1] = new Float32Array(16);
    const { reasons } = judgeSwap(evidence((q) => docs(...range(20 * q)), { storedVectors: broken }));
    expect(reasons).toEqual([
      expect.stringMatching(/^2 of 12 sampled vectors .* not finite or have no length/),
    ]);
  });

  it('holds a model that gives every query the same vector and the same documents', () => {
    const same = Array.from({ length: 8 }, () => Float32Array.from({ length: 16 }, () => 0.25));
    const { reasons, metrics } = judgeSwap(evidence(() => docs(...range(0)), { queryVectors: same }));
    expect(metrics.queryVectorSimilarity).toBe(1);
    expect(metrics.distinctNew).toBe(0.125);
    expect(reasons.join('\n')).toMatch(/nearly\) the same vector/);
    expect(reasons.join('\n')).toMatch(/nearly the same documents from the new space: 13% .* against 100%/);
  });

  it('holds a space whose answers overlap the reference no more than chance', () => {
    // Every answer is ten documents nobody else found, none of them the probe's own.
    const { reasons, metrics } = judgeSwap(evidence((q) => docs(...range(300 + 10 * q))));
    expect(metrics.agreement).toBe(0);
    expect(metrics.selfRecallNew).toBe(0);
    expect(reasons).toEqual([
      expect.stringMatching(/share 0% of their documents .* random ranking would \(3%\)/),
      expect.stringMatching(
        /finds the passage a probe was cut from for 0% of 4 probes, against 100% for the old/,
      ),
    ]);
  });

  it('does not call a small corpus random: there every ranking overlaps the reference', () => {
    const { reasons } = judgeSwap({
      ...evidence((q) => docs(...range(300 + 10 * q)).slice(0, 10)),
      documents: 30,
    });
    expect(reasons.some((r) => r.includes('random ranking'))).toBe(false);
  });

  it('judges nothing from an empty sample (a fresh install with no chunks)', () => {
    const { reasons, metrics } = judgeSwap({
      samples: [],
      queryVectors: [],
      storedVectors: [],
      documents: 0,
      k: 10,
    });
    expect(reasons).toEqual([]);
    expect(metrics).toMatchObject({ queries: 0, agreement: null, selfRecallNew: null });
  });
});
