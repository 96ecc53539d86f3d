// Shared by the lexical indexes of every backend (SQLite FTS5, PostgreSQL BM25 tables), so that they choose the
// same terms for a query and rank alike. Taken from adapter-sqlite's fts-query.ts, which should import it from here (#14).

/**
 * What the lexical index needs to know about its terms to plan a query: how many rows hold a term, and how
 * many rows there are. Each index reads both from its own storage (SQLite: FtsTermStats; PostgreSQL: its
 * term statistics tables).
 */
export interface TermStatistics {
  /** Rows holding the term in any column. */
  documentFrequency(term: string): number;
  /** Rows in the index. */
  rowCount(): number;
}

/** Below this many rows holding a term, it is never left out of a query. */
export const DEFAULT_MIN_COMMON_ROWS = 1000;

/**
 * The terms of a query worth searching, in their order. `terms` are a query's distinct index terms (already
 * analysed: stop words out, stemmed, in every language searched — LexicalAnalyzer.queryTerms).
 *
 * Terms in at least half of the rows (and in at least `minCommonRows`) are left out: FTS5's bm25 gives them
 * an idf ≤ 0, clamped to 1e-6, so they cannot change the order of chunks that hold a rarer term, yet their
 * long posting lists are the bulk of a query's cost; the chunks holding only such terms would come last with
 * a score of about 0. When no rarer term occurs at all, every term stays, so a query of common words still
 * finds its chunks. Small indexes (below `2 × minCommonRows` rows) keep every term: scoring them all is cheap.
 */
export function selectQueryTerms(
  terms: readonly string[],
  stats: TermStatistics,
  options: { minCommonRows?: number } = {},
): string[] {
  if (terms.length === 0) return [];
  const common = Math.max(stats.rowCount() / 2, options.minCommonRows ?? DEFAULT_MIN_COMMON_ROWS);
  const counted = terms.map((term) => ({ term, df: stats.documentFrequency(term) }));
  const rare = counted.filter((t) => t.df < common);
  return rare.some((t) => t.df > 0) ? rare.map((t) => t.term) : [...terms];
}

/**
 * Two-phase ranking of large indexes (see {@link planQuery}): terms in more than `commonShare` of the rows
 * (and in more than `minRows`) do not find candidates; every term re-scores the best `candidates` rows
 * that the rarer terms found.
 */
export interface LexicalPruning {
  commonShare: number;
  minRows: number;
  candidates: number;
}

/**
 * Measured at 100k chunks (bench/search-latency.bench.ts data, loaded machine): lexical p50/p95 121/473 ms
 * → 72/181 ms; nDCG@10 with the floor at 0 (bench/lexical-quality.bench.ts): SciFact 0.7079 → 0.7079,
 * Cranfield 0.3581 → 0.3551. A share of 2 % or 300 candidates was no faster. The floor keeps small indexes
 * (every term in at most 5,000 rows) on the single exact statement, which is cheap there.
 */
export const DEFAULT_LEXICAL_PRUNING: LexicalPruning = {
  commonShare: 0.05,
  minRows: 5000,
  candidates: 1000,
};

/** A query's terms (selectQueryTerms) and the rarer of them, which find the candidates. */
export interface QueryPlan {
  terms: string[];
  essential: string[];
}

/**
 * Which of a query's terms find candidates. FTS5 decodes and scores every posting of every term, so a query
 * of several words each in 5–20 % of a million chunks scores hundreds of thousands of rows, nearly all of
 * them for its common words. The rarer terms (in at most `commonShare` of the rows; the rarest always) find
 * the candidates, then every term scores only those, with its exact BM25 weight. The common terms have the
 * smallest idf, so the chunks that only they would bring in rank low.
 */
export function planQuery(
  terms: readonly string[],
  stats: TermStatistics,
  pruning: LexicalPruning | null,
): QueryPlan {
  const kept = selectQueryTerms(terms, stats);
  if (!pruning || kept.length < 2) return { terms: kept, essential: kept };
  const allowed = Math.max(stats.rowCount() * pruning.commonShare, pruning.minRows);
  const counted = kept.map((term) => ({ term, df: stats.documentFrequency(term) }));
  const rarest = Math.min(...counted.map((t) => t.df));
  const essential = counted.filter((t) => t.df <= allowed || t.df === rarest).map((t) => t.term);
  return { terms: kept, essential };
}
