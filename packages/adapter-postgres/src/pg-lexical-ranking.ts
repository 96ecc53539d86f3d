import type { IndexHit, SearchFilter } from '@sift/core';
import type { LexicalPruning, QueryPlan } from '@sift/lexical-analysis';
import type { PgClient } from './pg-database.js';
import { PG_LEXICAL_SQL } from './pg-lexical-index.queries.js';
import type { PgTermStats } from './pg-lexical-stats.js';
import { searchFilterSql } from './pg-search-filter.js';

/** The ranked chunks that passed the filter, best first (at most `wanted`), and how many were ranked. */
export interface RankedPage {
  hits: IndexHit[];
  ranked: number;
}

/**
 * The best `take` chunks by BM25 over every term of the plan, from the postings alone (as the SQLite index's
 * rank), and the first `wanted` of them that pass the filter — tested in the same statement, so only chunks
 * the filter admits ever leave the database. With fewer essential terms than terms, the essential ones first
 * find `pruning.candidates` chunks (or `take`, if more; only their seqs and partial scores come back) and the
 * other terms complete their scores, probing the postings of only those chunks; too few candidates to fill
 * `take`: every chunk holding a term is ranked.
 */
export async function rankThenAdmit(
  client: PgClient,
  bm25: string,
  query: { plan: QueryPlan; stats: PgTermStats; filter: SearchFilter },
  pruning: LexicalPruning | null,
  take: number,
  wanted: number,
): Promise<RankedPage> {
  const { plan, stats, filter } = query;
  const scoring = (terms: readonly string[]) => [terms, stats.idfs(terms), stats.averageLength()];
  const page = async (sql: (filterSql: string, limit: string) => string, params: unknown[]) => {
    const filterSql = searchFilterSql(filter, params, 'd');
    params.push(wanted);
    const rows = (
      await client.query<IndexHit & { ranked: number }>(sql(filterSql, `$${params.length}`), params)
    ).rows;
    // No row passed: how many were ranked is unknown, and taken as `take` (the caller then ranks exactly).
    const ranked = rows[0]?.ranked ?? take;
    return { hits: rows.map(({ chunkId, documentId, score }) => ({ chunkId, documentId, score })), ranked };
  };
  const exact = () => page((f, l) => PG_LEXICAL_SQL.rank(bm25, f, l), [...scoring(plan.terms), take]);
  if (!pruning || plan.essential.length === plan.terms.length) return exact();
  const candidates = await client.query<{ seq: number; score: number }>(PG_LEXICAL_SQL.candidates(bm25), [
    ...scoring(plan.essential),
    Math.max(pruning.candidates, take),
  ]);
  if (candidates.rows.length < take) return exact();
  // The essential terms' share of each candidate's score is known: only the other terms are looked up.
  const essential = new Set(plan.essential);
  const others = plan.terms.filter((term) => !essential.has(term));
  return page(
    (f, l) => PG_LEXICAL_SQL.rescore(bm25, f, l),
    [...scoring(others), candidates.rows.map((c) => c.seq), candidates.rows.map((c) => c.score), take],
  );
}
