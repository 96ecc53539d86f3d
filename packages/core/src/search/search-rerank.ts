import { describeError } from '../errors.js';
import type { Logger } from '../ports/logger.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { Reranker } from '../ports/reranker.port.js';
import type { VectorIndex } from '../ports/vector-index.port.js';
import type { FusedHit } from './fusion.js';
import type { ServingSpace } from './vector-space.service.js';

export interface RerankStep {
  reranker: Reranker;
  /** How many of the top fused hits are re-ordered; the rest keep their order behind them. */
  depth: number;
  /** Time the reranker may take; null: no limit. */
  budgetMs: number | null;
  metadata: MetadataStore;
  vectors: VectorIndex;
  logger: Logger;
}

/**
 * Re-orders the top `depth` fused hits by the reranker's scores (written into `scores` by chunk id). Out of
 * its time budget, the hits it scored trade places among themselves and the others keep theirs; a failing
 * reranker costs the refinement, not the search (fused order, a warning). Texts are read in one batch.
 */
export async function rerankFused(
  step: RerankStep,
  query: string,
  fused: FusedHit[],
  serving: ServingSpace | null,
  scores: Map<string, number>,
  warnings: string[],
): Promise<FusedHit[]> {
  const { reranker, budgetMs } = step;
  const head = fused.slice(0, step.depth);
  try {
    const chunks = await step.metadata.documents.getChunks(head.map((hit) => hit.chunkId));
    const texts = new Map(chunks.map((chunk) => [chunk.id, chunk.content]));
    const candidates = await Promise.all(
      head.map(async (hit) => ({
        id: hit.chunkId,
        score: hit.score,
        text: texts.get(hit.chunkId) ?? '',
        vector: serving ? await step.vectors.get(serving.space, hit.chunkId) : null,
      })),
    );
    const results = await reranker.rerank(query, candidates, {
      limit: head.length,
      ...(budgetMs !== null ? { budgetMs } : {}),
    });
    const byId = new Map(head.map((hit) => [hit.chunkId, hit]));
    const ordered: FusedHit[] = [];
    for (const result of results) {
      const hit = byId.get(result.id);
      if (!hit) continue;
      byId.delete(result.id);
      scores.set(result.id, result.score);
      ordered.push(hit);
    }
    if (budgetMs === null || byId.size === 0) {
      return [...ordered, ...byId.values(), ...fused.slice(head.length)];
    }
    step.logger.warn(
      { reranker: reranker.name, budgetMs, scored: ordered.length, candidates: head.length },
      'reranker ran out of its time budget; the rest keep the fused order',
    );
    warnings.push(
      `reranker ${reranker.name} ran out of its ${budgetMs} ms budget after scoring ${ordered.length} of ` +
        `${head.length} candidates; the rest keep the fused order`,
    );
    const next = ordered[Symbol.iterator]();
    const merged = head.map((hit) => (byId.has(hit.chunkId) ? hit : next.next().value!));
    return [...merged, ...fused.slice(head.length)];
  } catch (err) {
    const { code, message } = describeError(err);
    step.logger.warn({ reranker: reranker.name, code }, 'reranker failed; returning fused order');
    warnings.push(`reranker ${reranker.name} failed (${code}: ${message}); results are not reranked`);
    scores.clear();
    return fused;
  }
}
