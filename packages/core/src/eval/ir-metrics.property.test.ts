import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mrrAt, ndcgAt, recallAt } from './ir-metrics.js';

// Documents d0..d11: some judged (grades -1..3, so 0 and negative grades occur), the rest unjudged; rankings
// draw from the same pool, repeats included.
const docId = fc.integer({ min: 0, max: 11 }).map((n) => `d${n}`);
const judgments = fc
  .dictionary(docId, fc.integer({ min: -1, max: 3 }), { maxKeys: 12 })
  .map((record) => new Map(Object.entries(record)));
const ranking = fc.array(docId, { maxLength: 30 });
const cutoff = fc.integer({ min: 1, max: 20 });

describe('IR metrics (properties)', () => {
  it('stay within [0, 1] for any ranking, judgments and cutoff', () => {
    fc.assert(
      fc.property(cutoff, ranking, judgments, (k, ranked, grades) => {
        for (const metric of [ndcgAt, recallAt, mrrAt]) {
          const value = metric(k, ranked, grades);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it('give nDCG 1 and MRR 1 to the judged documents sorted by grade, whenever one is relevant', () => {
    fc.assert(
      fc.property(cutoff, judgments, (k, grades) => {
        fc.pre([...grades.values()].some((grade) => grade > 0));
        const perfect = [...grades.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
        expect(ndcgAt(k, perfect, grades)).toBeCloseTo(1, 12);
        expect(mrrAt(k, perfect, grades)).toBe(1);
        const relevant = perfect.filter((id) => (grades.get(id) ?? 0) > 0).length;
        if (k >= relevant) expect(recallAt(k, perfect, grades)).toBe(1);
      }),
    );
  });

  it('never lower recall when the cutoff grows', () => {
    fc.assert(
      fc.property(cutoff, ranking, judgments, (k, ranked, grades) => {
        expect(recallAt(k + 1, ranked, grades)).toBeGreaterThanOrEqual(recallAt(k, ranked, grades));
      }),
    );
  });
});
