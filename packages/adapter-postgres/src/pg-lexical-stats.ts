import type { TermStatistics } from '@sift/lexical-analysis';
import type { PgQueryable } from './pg-database.js';
import { PG_LEXICAL_SQL } from './pg-lexical-index.queries.js';

// FTS5's bm25() floors the idf of a term in half the rows or more at this, so it still counts a little.
const MIN_IDF = 1e-6;

/** The statistics of a query's terms, read once per search from the counters of migration 003. */
export interface PgTermStats extends TermStatistics {
  /** FTS5's idf of each term: ln((N − n + 0.5) / (n + 0.5)), at least 1e-6. */
  idfs(terms: readonly string[]): number[];
  /** Tokens per chunk on average (FTS5's avgdl). */
  averageLength(): number;
}

/**
 * Reads the chunk count, token total and the document frequencies of `terms` — exact, as the counters are
 * kept in the chunks' own transactions (no caching, unlike the SQLite reader, whose counts cost a walk of
 * each posting list; here each is a few key lookups).
 */
export async function readTermStats(db: PgQueryable, terms: readonly string[]): Promise<PgTermStats> {
  // Independent reads: on a pool they go out side by side; a client (a snapshot) runs them in turn.
  const [totalRows, frequencyRows] = await Promise.all([
    db.query<{ chunks: number; tokens: number }>(PG_LEXICAL_SQL.totals),
    terms.length > 0
      ? db.query<{ term: string; chunks: number }>(PG_LEXICAL_SQL.documentFrequencies, [terms])
      : null,
  ]);
  const totals = totalRows.rows[0]!;
  const frequencies = new Map<string, number>();
  for (const row of frequencyRows?.rows ?? []) frequencies.set(row.term, row.chunks);
  const rowCount = totals.chunks;
  const documentFrequency = (term: string) => frequencies.get(term) ?? 0;
  return {
    rowCount: () => rowCount,
    documentFrequency,
    idfs: (wanted) =>
      wanted.map((term) => {
        const n = documentFrequency(term);
        const idf = Math.log((rowCount - n + 0.5) / (n + 0.5));
        return idf > 0 ? idf : MIN_IDF;
      }),
    // An index of empty chunks has no tokens: nothing matches then, any positive value will do.
    averageLength: () => (rowCount > 0 && totals.tokens > 0 ? totals.tokens / rowCount : 1),
  };
}
