// Query planning is shared with the PostgreSQL index (@sift/lexical-analysis), so both shapes choose the same
// terms; only the FTS5 syntax lives here.
export {
  DEFAULT_LEXICAL_PRUNING,
  DEFAULT_MIN_COMMON_ROWS,
  planQuery,
  selectQueryTerms,
  type LexicalPruning,
  type QueryPlan,
  type TermStatistics,
} from '@sift/lexical-analysis';

/**
 * The FTS5 MATCH expression for index terms, or null when there are none (nothing can match). Each term is
 * a string (`"term"`), so nothing in it is read as syntax, and the strings are ORed: a chunk matches with any
 * term and BM25 ranks it by how many it holds and how rare they are.
 */
export function ftsMatchExpression(terms: readonly string[]): string | null {
  return terms.length === 0 ? null : terms.map(quote).join(' OR ');
}

/** An FTS5 string: double quotes around it, inner double quotes doubled. */
export function quote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
