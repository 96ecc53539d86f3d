import type { Reranker, RerankCandidate } from '@sift/core';
import { afterAll, describe, expect, it } from 'vitest';

/** A reranker for the suite, and how to let go of what it holds (a model, a fake server). */
export interface RerankerHandle {
  reranker: Reranker;
  cleanup(): Promise<void>;
}

const CANDIDATES: RerankCandidate[] = [
  {
    id: 'c1',
    text: 'Honey bees pollinate almond orchards in spring.',
    score: 0.9,
    vector: Float32Array.of(1, 0, 0),
  },
  {
    id: 'c2',
    text: 'Bees make honey from the nectar of flowers.',
    score: 0.8,
    vector: Float32Array.of(0.9, 0.1, 0),
  },
  {
    id: 'c3',
    text: 'The borrow checker rejects dangling references.',
    score: 0.7,
    vector: Float32Array.of(0, 1, 0),
  },
  { id: 'c4', text: 'Tides rise twice a day along the coast.', score: 0.6, vector: Float32Array.of(0, 0, 1) },
  {
    id: 'c5',
    text: 'Almond trees flower before their leaves appear.',
    score: 0.5,
    vector: Float32Array.of(0.5, 0, 0.5),
  },
];

/**
 * What every Reranker must do whatever its model: return at most `limit` results, each one of the candidates
 * and each once, best first; nothing for no candidates; and stop with the signal's reason when aborted.
 */
export function describeReranker(name: string, factory: () => Promise<RerankerHandle>): void {
  describe(`Reranker contract: ${name}`, () => {
    let handle: Promise<RerankerHandle> | null = null;
    const reranker = async () => (await (handle ??= factory())).reranker;
    afterAll(async () => (await handle)?.cleanup());

    it('returns each candidate at most once, best first, within the limit', async () => {
      const results = await (
        await reranker()
      ).rerank('how do bees pollinate almonds', CANDIDATES, { limit: 3 });
      expect(results.length).toBeGreaterThan(0);
      expect(results.length).toBeLessThanOrEqual(3);
      const ids = results.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(CANDIDATES.map((c) => c.id)).toContain(id);
      for (let i = 1; i < results.length; i += 1) {
        expect(results[i]!.score).toBeLessThanOrEqual(results[i - 1]!.score);
      }
    });

    it('returns every candidate when the limit allows it', async () => {
      const results = await (await reranker()).rerank('bees', CANDIDATES, { limit: 10 });
      expect(results.map((r) => r.id).sort()).toEqual(CANDIDATES.map((c) => c.id).sort());
    });

    it('returns nothing for no candidates', async () => {
      expect(await (await reranker()).rerank('bees', [], { limit: 5 })).toEqual([]);
    });

    it('rejects with the reason of an aborted signal', async () => {
      const controller = new AbortController();
      const reason = new Error('stop');
      controller.abort(reason);
      await expect(
        (await reranker()).rerank('bees', CANDIDATES, { limit: 3, signal: controller.signal }),
      ).rejects.toBe(reason);
    });
  });
}
