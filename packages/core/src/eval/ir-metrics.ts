import { AppError } from '../errors.js';

/** Relevance judgments: query id → document id → grade (BEIR qrels; higher is more relevant). */
export type Qrels = Map<string, Map<string, number>>;

/** A run: query id → document ids, best first. */
export type EvalRun = Map<string, readonly string[]>;

/** The cutoffs BEIR reports and `sift eval` prints. */
export const EVAL_CUTOFFS = { ndcg: 10, recall: 100, mrr: 10 } as const;

/** Scores of one query at {@link EVAL_CUTOFFS}. */
export interface QueryMetrics {
  ndcg_at_10: number;
  recall_at_100: number;
  mrr_at_10: number;
}

/** Options of {@link evaluateRun}. */
export interface EvaluateRunOptions {
  /** Drop a result whose document id equals its query id, as BEIR does by default. Default true. */
  ignoreIdenticalIds?: boolean;
}

/** Scores averaged over every judged query, and how many queries that was. */
export interface EvalMetrics extends QueryMetrics {
  queries: number;
}

/**
 * nDCG at k (Järvelin & Kekäläinen) as trec_eval's `ndcg_cut` computes it for BEIR (via pytrec_eval): linear
 * gain = grade for grades above 0, discount log2(rank + 1), normalised by the DCG of the judged grades sorted
 * descending, cut at k. A query with no grade above 0 scores 0 — BEIR does not skip it
 * (see {@link evaluateRun}). Graded qrels such as Cranfield's (1–3, 3 most relevant) are used as they are.
 */
export function ndcgAt(k: number, ranked: readonly string[], grades: ReadonlyMap<string, number>): number {
  requireCutoff(k);
  let dcg = 0;
  distinctTop(ranked, k).forEach((docId, i) => {
    dcg += gain(grades.get(docId)) / Math.log2(i + 2);
  });
  const ideal = [...grades.values()]
    .filter((grade) => grade > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, grade, i) => sum + grade / Math.log2(i + 2), 0);
  return ideal > 0 ? dcg / ideal : 0;
}

/** Recall at k: relevant documents (grade > 0) in the top k over all relevant documents; 0 when none are. */
export function recallAt(k: number, ranked: readonly string[], grades: ReadonlyMap<string, number>): number {
  requireCutoff(k);
  const relevant = countRelevant(grades);
  if (relevant === 0) return 0;
  const found = distinctTop(ranked, k).filter((docId) => gain(grades.get(docId)) > 0).length;
  return found / relevant;
}

/** Reciprocal rank of the first relevant document (grade > 0) within the top k; 0 when none is there. */
export function mrrAt(k: number, ranked: readonly string[], grades: ReadonlyMap<string, number>): number {
  requireCutoff(k);
  const index = distinctTop(ranked, k).findIndex((docId) => gain(grades.get(docId)) > 0);
  return index < 0 ? 0 : 1 / (index + 1);
}

/** Every metric of one query at {@link EVAL_CUTOFFS}. */
export function evaluateQuery(ranked: readonly string[], grades: ReadonlyMap<string, number>): QueryMetrics {
  return {
    ndcg_at_10: ndcgAt(EVAL_CUTOFFS.ndcg, ranked, grades),
    recall_at_100: recallAt(EVAL_CUTOFFS.recall, ranked, grades),
    mrr_at_10: mrrAt(EVAL_CUTOFFS.mrr, ranked, grades),
  };
}

/**
 * Averages {@link evaluateQuery} over every query in `qrels` (not over the run: a judged query missing from
 * the run, or with no results, scores 0). Run entries for unjudged queries are ignored.
 *
 * How grades and queries are read, and why (checked against BEIR's `EvaluateRetrieval.evaluate`, which hands
 * qrels and run to pytrec_eval, i.e. trec_eval's `ndcg_cut` and `recall`, and against BEIR's own `mrr`):
 * - gain = grade, linear (trec_eval: "gain values are the relevance values in the qrels file"), discounted by
 *   log2(rank + 1) with ranks from 1; ideal DCG from the judged grades sorted descending, cut at k.
 * - grades ≤ 0 are judged non-relevant: no gain, not counted for recall or MRR (trec_eval relevance_level 1;
 *   BEIR's mrr tests `> 0`). BEIR's loader keeps 0-grade rows; they change nothing but the judged set.
 * - a query whose judgments are all ≤ 0 is NOT skipped by BEIR: pytrec_eval scores every query present in
 *   both qrels and run (ideal DCG 0 → nDCG 0, no relevant → recall 0) and BEIR averages over those. We do the
 *   same so figures stay comparable with published BEIR numbers; such queries score 0 on every metric.
 * - a judged query the system returned nothing for scores 0 and counts (trec_eval `-c`). BEIR averages only
 *   over queries present in the run, which it always fills for every query, so both agree in practice.
 * - a document id repeated in a ranking counts once, at its first position (trec_eval refuses duplicates; a
 *   chunk-level search can return one document twice).
 * - like BEIR's default `ignore_identical_ids`, a result whose id equals the query id is dropped before the
 *   cutoffs (meant for ArguAna/Quora, where a query is itself in the corpus). It also drops a genuinely
 *   relevant document when ids merely share a numbering — Cranfield's query 225 judges document 225 — but
 *   published BEIR figures include that effect (BM25 on Cranfield: 0.3122 with it, 0.3126 without; the
 *   dataset README says 0.312), so it is on by default and `ignoreIdenticalIds: false` turns it off.
 *
 * @throws AppError `EVAL_NO_QUERIES` when `qrels` judges no query.
 */
export function evaluateRun(run: EvalRun, qrels: Qrels, options: EvaluateRunOptions = {}): EvalMetrics {
  const ignoreIdenticalIds = options.ignoreIdenticalIds ?? true;
  if (qrels.size === 0) {
    throw new AppError('EVAL_NO_QUERIES', 'user', 'Nothing to evaluate: the qrels judge no query');
  }
  const sum: QueryMetrics = { ndcg_at_10: 0, recall_at_100: 0, mrr_at_10: 0 };
  for (const [queryId, grades] of qrels) {
    const ranked = run.get(queryId) ?? [];
    const scores = evaluateQuery(
      ignoreIdenticalIds ? ranked.filter((docId) => docId !== queryId) : ranked,
      grades,
    );
    sum.ndcg_at_10 += scores.ndcg_at_10;
    sum.recall_at_100 += scores.recall_at_100;
    sum.mrr_at_10 += scores.mrr_at_10;
  }
  return {
    ndcg_at_10: sum.ndcg_at_10 / qrels.size,
    recall_at_100: sum.recall_at_100 / qrels.size,
    mrr_at_10: sum.mrr_at_10 / qrels.size,
    queries: qrels.size,
  };
}

function gain(grade: number | undefined): number {
  return grade !== undefined && grade > 0 ? grade : 0;
}

function countRelevant(grades: ReadonlyMap<string, number>): number {
  let count = 0;
  for (const grade of grades.values()) if (grade > 0) count += 1;
  return count;
}

/** The first k distinct ids, in order. */
function distinctTop(ranked: readonly string[], k: number): string[] {
  const seen = new Set<string>();
  for (const docId of ranked) {
    if (seen.size === k) break;
    seen.add(docId);
  }
  return [...seen];
}

function requireCutoff(k: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new AppError('EVAL_INVALID_OPTIONS', 'user', `A cutoff must be a positive integer, got ${k}`, {
      details: { k },
    });
  }
}
