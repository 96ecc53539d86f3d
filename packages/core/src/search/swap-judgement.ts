import { cosine } from './vector-math.js';
import type { SwapMetrics } from './vector-space.types.js';

/** One sample query as each side answered it: top documents, best first. */
export interface SwapSampleAnswer {
  query: string;
  /** The document a probe was cut from; absent for a user's recent query. */
  sourceDocumentId?: string;
  newDocs: string[];
  /** Null when the old space cannot be queried here (its remote model is no longer configured). */
  oldDocs: string[] | null;
  lexicalDocs: string[];
}

/** Everything the judgement looks at; gathered by swap-validation.ts. */
export interface SwapEvidence {
  samples: SwapSampleAnswer[];
  /** The new model's vectors of the distinct sample queries. */
  queryVectors: Float32Array[];
  /** Some vectors stored in the new space. */
  storedVectors: Float32Array[];
  /** Documents that have chunks: how large "random" is. */
  documents: number;
  /** Answers are compared over this many top documents. */
  k: number;
}

/**
 * Thresholds. A different model legitimately answers differently, so none of these compares the new answers to
 * the old ones directly; each looks for what a *broken* space does. Measured on a 1,200-document SciFact subset
 * served by USE-lite (24 logged queries + 12 probes): bge-small and all-MiniLM-L6-v2 pass every check with a
 * wide margin (agreement 0.51 / 0.47 against a threshold of 0.11, self-recall 0.83 / 0.92 against 0.33); a
 * constant or zero-vector model fails four checks, a random one two (agreement 0.02, self-recall 0.08):
 * - it answers nothing, or stores NaN/zero vectors (a failed model load, a wrong output tensor);
 * - it gives every query the same vector, or the same top documents (constant output, collapsed pooling);
 * - its answers share no more with the old semantic + lexical answers than a random ranking would (random
 *   weights, a tokenizer of another model) — chance-corrected, and only on corpora large enough to tell;
 * - it cannot find a passage from a few of its own words nearly as well as the old space (or the lexical
 *   index) can.
 */
export const SWAP_LIMITS = {
  /** Fewer sample queries than this cannot say "every query answers the same". */
  minQueries: 4,
  /** Distinct top documents below this share of the reference's: degenerate. */
  minDistinctRatio: 0.5,
  /** Mean query-vector cosine at or above this: the model ignores its input. */
  maxQueryVectorSimilarity: 0.99,
  /** Agreement must exceed chance by this share of the way from chance to 1. */
  minAgreementLift: 0.1,
  /** Corpora with fewer than this many times k documents are too small to tell random from different. */
  minDocumentsPerK: 5,
  /** Self-recall of probes below this share of the reference's: the space cannot find its own passages. */
  minSelfRecallRatio: 0.5,
  minProbes: 4,
} as const;

/** Reasons to hold the switch (none: it may proceed) and the figures they rest on. */
export function judgeSwap(evidence: SwapEvidence): { reasons: string[]; metrics: SwapMetrics } {
  const { samples, k } = evidence;
  const reasons: string[] = [];
  const probes = samples.filter((s) => s.sourceDocumentId !== undefined);
  const vectors = [...evidence.queryVectors, ...evidence.storedVectors];
  const invalidVectors = vectors.filter((v) => !isUsableVector(v)).length;
  const emptyAnswers = samples.filter(
    (s) => s.newDocs.length === 0 && ((s.oldDocs?.length ?? 0) > 0 || s.lexicalDocs.length > 0),
  ).length;
  const queryVectorSimilarity = meanPairwiseCosine(evidence.queryVectors.filter(isUsableVector));
  const distinctNew = distinctShare(samples.map((s) => s.newDocs));
  const distinctReference = Math.max(
    distinctShare(samples.map((s) => s.lexicalDocs)),
    distinctShare(samples.map((s) => s.oldDocs ?? [])),
  );
  const { agreement, chance } = agreementWithReference(samples, evidence.documents);
  const selfRecallNew = selfRecall(probes, (s) => s.newDocs);
  const hasOld = probes.some((s) => s.oldDocs !== null);
  const selfRecallOld = hasOld ? selfRecall(probes, (s) => s.oldDocs ?? []) : null;
  const metrics: SwapMetrics = {
    queries: samples.length,
    recentQueries: samples.length - probes.length,
    probes: probes.length,
    emptyAnswers,
    invalidVectors,
    vectorsChecked: vectors.length,
    queryVectorSimilarity: round(queryVectorSimilarity),
    distinctNew: round(distinctNew) ?? 0,
    distinctReference: round(distinctReference) ?? 0,
    agreement: round(agreement),
    chanceAgreement: round(chance),
    selfRecallNew: round(selfRecallNew),
    selfRecallOld: round(selfRecallOld),
  };

  if (invalidVectors > 0) {
    reasons.push(
      `${invalidVectors} of ${vectors.length} sampled vectors of the new space are not finite or have no length`,
    );
  }
  if (emptyAnswers > 0) {
    reasons.push(
      `the new space answered ${emptyAnswers} of ${samples.length} sample queries with nothing, ` +
        'where the old space or the lexical index answers them',
    );
  }
  if (
    queryVectorSimilarity !== null &&
    evidence.queryVectors.length >= 3 &&
    queryVectorSimilarity >= SWAP_LIMITS.maxQueryVectorSimilarity
  ) {
    reasons.push(
      `the new model gives different queries (nearly) the same vector (mean cosine ${queryVectorSimilarity.toFixed(4)})`,
    );
  }
  if (
    samples.length >= SWAP_LIMITS.minQueries &&
    distinctReference > 0 &&
    distinctNew < SWAP_LIMITS.minDistinctRatio * distinctReference
  ) {
    reasons.push(
      `every query gets nearly the same documents from the new space: ${pct(distinctNew)} of its top-${k} ` +
        `answers are distinct documents, against ${pct(distinctReference)} from the old space or lexical search`,
    );
  }
  if (
    agreement !== null &&
    chance !== null &&
    samples.length >= SWAP_LIMITS.minQueries &&
    evidence.documents >= SWAP_LIMITS.minDocumentsPerK * k &&
    agreement < chance + SWAP_LIMITS.minAgreementLift * (1 - chance)
  ) {
    reasons.push(
      `the new space's top ${k} share ${pct(agreement)} of their documents with the old semantic and lexical ` +
        `top ${k}, about what a random ranking would (${pct(chance)})`,
    );
  }
  const selfReference = selfRecallOld ?? selfRecall(probes, (s) => s.lexicalDocs);
  if (
    probes.length >= SWAP_LIMITS.minProbes &&
    selfRecallNew !== null &&
    selfReference !== null &&
    selfRecallNew < SWAP_LIMITS.minSelfRecallRatio * selfReference
  ) {
    reasons.push(
      `the new space finds the passage a probe was cut from for ${pct(selfRecallNew)} of ${probes.length} ` +
        `probes, against ${pct(selfReference)} for the ${selfRecallOld !== null ? 'old space' : 'lexical index'}`,
    );
  }
  return { reasons, metrics };
}

/** Finite, and long enough to point somewhere (stored vectors are L2-normalised). */
export function isUsableVector(vector: Float32Array): boolean {
  let norm = 0;
  for (const x of vector) {
    if (!Number.isFinite(x)) return false;
    norm += x * x;
  }
  return norm > 1e-6;
}

function meanPairwiseCosine(vectors: Float32Array[]): number | null {
  if (vectors.length < 2) return null;
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++, pairs++) sum += cosine(vectors[i]!, vectors[j]!);
  }
  return sum / pairs;
}

/** Distinct documents over all answers ÷ documents answered; 0 when nothing was answered. */
function distinctShare(answers: string[][]): number {
  const total = answers.reduce((n, a) => n + a.length, 0);
  return total === 0 ? 0 : new Set(answers.flat()).size / total;
}

/** Mean share of each new answer found by the old or lexical answer, and what chance would give. */
function agreementWithReference(
  samples: SwapSampleAnswer[],
  documents: number,
): { agreement: number | null; chance: number | null } {
  const judged = samples.filter((s) => s.newDocs.length > 0);
  if (judged.length === 0 || documents === 0) return { agreement: null, chance: null };
  let agreement = 0;
  let chance = 0;
  for (const s of judged) {
    const reference = new Set([...(s.oldDocs ?? []), ...s.lexicalDocs]);
    agreement += s.newDocs.filter((d) => reference.has(d)).length / s.newDocs.length;
    chance += Math.min(1, reference.size / documents);
  }
  return { agreement: agreement / judged.length, chance: chance / judged.length };
}

function selfRecall(probes: SwapSampleAnswer[], answer: (s: SwapSampleAnswer) => string[]): number | null {
  if (probes.length === 0) return null;
  return probes.filter((p) => answer(p).includes(p.sourceDocumentId!)).length / probes.length;
}

function round(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10_000) / 10_000;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
