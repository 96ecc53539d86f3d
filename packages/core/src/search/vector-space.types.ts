/**
 * Where a space's hybrid fusion weight came from: the embedder's known-model preset, the generic default for a
 * model without one, `sift eval --tune --apply`, or an admin who set it by hand.
 */
export type HybridAlphaSource = 'preset' | 'default' | 'tuned' | 'admin';

/** What Sift keeps about one vector space besides its vectors: the fusion weight tuned for its model. */
export interface VectorSpaceProfile {
  spaceId: string;
  /** Weight of the vector leg in relative fusion (0 lexical … 1 vector) when a request names none. */
  hybridAlpha: number;
  alphaSource: HybridAlphaSource;
  /** What the weight was tuned on (`scifact/train nDCG@10 0.7312`), when tuned. */
  note: string | null;
  updatedAt: string;
}

/**
 * The state of a blue/green switch:
 * - `pending`: an admin asked for a recheck; the re-embedding task checks again when the space is complete.
 * - `passed`: the new space answered the sample like a working model; it switched.
 * - `held`: it did not; searches stay on the old space until an admin swaps anyway or a recheck passes.
 * - `approved`: an admin overrode a hold; the switch happens (or happened) without a check.
 * - `discarded`: an admin refused the new space; its vectors were dropped and it is not rebuilt by itself.
 */
export type SwapStatus = 'pending' | 'passed' | 'held' | 'approved' | 'discarded';

/** Figures of the sample that decided a swap check (see swap-validation.ts for what each one signals). */
export interface SwapMetrics {
  /** Sample queries run: recent searches, then probes cut from stored chunks. */
  queries: number;
  recentQueries: number;
  probes: number;
  /** Queries the old space or the lexical index answers and the new space answers with nothing. */
  emptyAnswers: number;
  /** Query and stored vectors of the new space that are not finite or have (almost) no length. */
  invalidVectors: number;
  vectorsChecked: number;
  /** Mean cosine similarity between the new model's vectors of different sample queries (1: all the same). */
  queryVectorSimilarity: number | null;
  /** Distinct documents among all top-10 answers ÷ answers given: near 1/queries when every query gets the same. */
  distinctNew: number;
  /** The same for the old space or the lexical index, whichever spreads more: what "diverse" means here. */
  distinctReference: number;
  /** Mean share of the new top 10 that the old semantic or lexical top 10 also found (documents). */
  agreement: number | null;
  /** The share a random top 10 would reach: reference documents ÷ all documents. */
  chanceAgreement: number | null;
  /** Probes whose own document is in the new (and old) space's top 10. */
  selfRecallNew: number | null;
  selfRecallOld: number | null;
}

/** The latest check (or admin decision) of a switch from `from` to `to`. */
export interface SwapCheck {
  from: string | null;
  to: string;
  status: SwapStatus;
  /** Why it is held, one sentence each; empty when it passed. */
  reasons: string[];
  metrics: SwapMetrics | null;
  checkedAt: string;
  /** Who decided `approved`/`discarded`, and when; null for the automatic check. */
  decidedBy: string | null;
  decidedAt: string | null;
}
