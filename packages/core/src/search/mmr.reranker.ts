import type { RerankCandidate, Reranker, RerankResult } from '../ports/reranker.port.js';
import { cosine } from './vector-math.js';

/**
 * Maximal marginal relevance (Carbonell & Goldstein): picks, one at a time, the candidate with the best
 * `λ · relevance − (1 − λ) · (highest similarity to one already picked)`, so near-duplicate chunks (the same
 * paragraph in three versions of a report) do not fill the first page. Relevance is the candidate's fused
 * score scaled to 0..1, not the query similarity: the default embedder is weak on technical text, and MMR
 * should diversify the ranking hybrid search found rather than replace it. Candidates without a vector are
 * never penalised for redundancy.
 */
export class MmrReranker implements Reranker {
  readonly name = 'mmr';

  constructor(private readonly lambda = 0.7) {}

  async rerank(
    _query: string,
    candidates: RerankCandidate[],
    options: { limit: number; signal?: AbortSignal },
  ): Promise<RerankResult[]> {
    options.signal?.throwIfAborted();
    if (candidates.length === 0) return [];
    const scores = candidates.map((c) => c.score);
    const min = Math.min(...scores);
    const span = Math.max(...scores) - min;
    const relevance = candidates.map((c) => (span === 0 ? 1 : (c.score - min) / span));
    const picked: number[] = [];
    const results: RerankResult[] = [];
    const left = new Set(candidates.map((_, i) => i));
    while (left.size > 0 && results.length < options.limit) {
      let best = -1;
      let bestScore = -Infinity;
      for (const i of left) {
        const vector = candidates[i]!.vector;
        let redundancy = 0;
        if (vector) {
          for (const j of picked) {
            const other = candidates[j]!.vector;
            if (other && other.length === vector.length)
              redundancy = Math.max(redundancy, cosine(vector, other));
          }
        }
        const score = this.lambda * relevance[i]! - (1 - this.lambda) * redundancy;
        if (score > bestScore) [best, bestScore] = [i, score];
      }
      left.delete(best);
      picked.push(best);
      results.push({ id: candidates[best]!.id, score: bestScore });
    }
    return results;
  }
}
