/** A search hit offered to a reranker. */
export interface RerankCandidate {
  id: string;
  text: string;
  /** The score before reranking (fused), best first in the input. */
  score: number;
  /** The candidate's stored embedding, when the reranker needs one (MMR); null when it has none. */
  vector?: Float32Array | null;
}

/** A candidate's new relevance; higher is better. */
export interface RerankResult {
  id: string;
  score: number;
}

/**
 * Re-orders the top candidates of a search: a cross-encoder reading query and passage together, an LLM
 * judging relevance, or MMR trading relevance against redundancy. Returns at most `limit` results, best
 * first, each id one of the candidates'. Errors are AppErrors (`MODEL_MISSING`, `RERANKER_UNAVAILABLE`, …);
 * the search service falls back to the unreranked order when a reranker fails, and says so.
 *
 * `budgetMs` is how long the search may wait. A reranker that honours it (the cross-encoder) stops when it
 * runs out and returns only the candidates it scored, fewer than `limit` and the candidates allow; the search
 * service keeps the others where they were and says so. One that ignores it returns when it is done.
 */
export interface Reranker {
  /** `cross-encoder:<model>`, `llm:<model>`, `mmr`. */
  readonly name: string;
  rerank(
    query: string,
    candidates: RerankCandidate[],
    options: { limit: number; signal?: AbortSignal; budgetMs?: number },
  ): Promise<RerankResult[]>;
  close?(): Promise<void>;
}
