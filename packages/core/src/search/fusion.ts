import type { IndexHit } from './search.types.js';

/** A chunk after fusing the legs, with what each leg said about it. */
export interface FusedHit {
  chunkId: string;
  documentId: string;
  /** The fused score that orders the results (higher is better). */
  score: number;
  lexical: { score: number; rank: number } | null;
  vector: { score: number; rank: number } | null;
}

/** The constant of reciprocal rank fusion; 60 is the value of Cormack et al. and of most engines. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: each leg contributes `weight / (k + rank)` (rank from 1). Only ranks count, so legs
 * with incomparable scores (BM25, cosine) combine without calibration. Weights let a weak leg count less.
 */
export function reciprocalRankFusion(
  legs: { lexical: IndexHit[]; vector: IndexHit[] },
  options: { k?: number; weights?: { lexical: number; vector: number } } = {},
): FusedHit[] {
  const k = options.k ?? RRF_K;
  const weights = options.weights ?? { lexical: 1, vector: 1 };
  const fused = collect(legs);
  for (const hit of fused.values()) {
    hit.score =
      (hit.lexical ? weights.lexical / (k + hit.lexical.rank) : 0) +
      (hit.vector ? weights.vector / (k + hit.vector.rank) : 0);
  }
  return sortFused(fused);
}

/**
 * Weaviate-style relative score fusion: each leg's scores are min-max normalised to 0..1 within the result
 * set, then combined as `alpha · vector + (1 − alpha) · lexical` (alpha 1 = pure vector, 0 = pure lexical).
 * A chunk missing from a leg gets 0 from it.
 */
export function alphaFusion(legs: { lexical: IndexHit[]; vector: IndexHit[] }, alpha: number): FusedHit[] {
  const a = Math.min(1, Math.max(0, alpha));
  const fused = collect(legs);
  const lex = normaliser(legs.lexical);
  const vec = normaliser(legs.vector);
  for (const hit of fused.values()) {
    hit.score =
      a * (hit.vector ? vec(hit.vector.score) : 0) + (1 - a) * (hit.lexical ? lex(hit.lexical.score) : 0);
  }
  return sortFused(fused);
}

function collect(legs: { lexical: IndexHit[]; vector: IndexHit[] }): Map<string, FusedHit> {
  const fused = new Map<string, FusedHit>();
  const entry = (h: IndexHit): FusedHit => {
    let hit = fused.get(h.chunkId);
    if (!hit) {
      hit = { chunkId: h.chunkId, documentId: h.documentId, score: 0, lexical: null, vector: null };
      fused.set(h.chunkId, hit);
    }
    return hit;
  };
  legs.lexical.forEach((h, i) => (entry(h).lexical ??= { score: h.score, rank: i + 1 }));
  legs.vector.forEach((h, i) => (entry(h).vector ??= { score: h.score, rank: i + 1 }));
  return fused;
}

function normaliser(hits: IndexHit[]): (score: number) => number {
  if (hits.length === 0) return () => 0;
  let min = Infinity;
  let max = -Infinity;
  for (const h of hits) {
    min = Math.min(min, h.score);
    max = Math.max(max, h.score);
  }
  // One result, or all equal: each found chunk gets the full score rather than a division by zero.
  return max === min ? () => 1 : (s) => (s - min) / (max - min);
}

/** Best first; ties broken by the better rank in either leg, then by id for a stable order. */
function sortFused(fused: Map<string, FusedHit>): FusedHit[] {
  const bestRank = (h: FusedHit) => Math.min(h.lexical?.rank ?? Infinity, h.vector?.rank ?? Infinity);
  return [...fused.values()].sort(
    (a, b) => b.score - a.score || bestRank(a) - bestRank(b) || a.chunkId.localeCompare(b.chunkId),
  );
}
