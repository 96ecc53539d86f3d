/**
 * The statements of PgLexicalIndex over the tables of migration 003. `bm25` is the per-posting score
 * expression (see bm25Expression) over the aliases `q` (the query's terms with their idf) and `p` (a
 * posting); in the scoring statements `$1`/`$2` are the terms and their idfs, `$3` the average chunk length.
 * `filterSql` is a searchFilterSql condition over `documents AS d`. Equal scores are ordered by `seq` (the
 * chunk's), so pages never overlap. Scores are BM25 as FTS5 computes it, but positive: higher is better.
 */

/** The query's terms and their idf, as a relation; the terms in the postings' collation so its index serves. */
const TERMS = `q (term, idf) AS (SELECT term COLLATE "C", idf FROM unnest($1::text[], $2::float8[]) AS t (term, idf))`;

/**
 * FTS5's bm25() for one posting (fts5_aux.c): idf × f·(k1+1) / (f + k1·(1 − b + b·D/avgdl)), where f is the
 * column-weighted frequency of the term in the chunk and D the chunk's length in tokens over every column.
 * Summed over the query's terms, as FTS5 sums over its phrases. Weights are numbers the index validated.
 */
export function bm25Expression(weights: { content: number; heading: number; title: number }): string {
  const k1 = 1.2;
  const b = 0.75;
  const f = `(${weights.content} * p.content_tf + ${weights.heading} * p.heading_tf + ${weights.title} * p.title_tf)`;
  // float8 literals: a bare 0.75 is numeric, and numeric arithmetic on every posting is several times slower.
  return `q.idf * ${f} * ${k1 + 1}::float8 / (${f} + ${k1}::float8 * (${1 - b}::float8 + ${b}::float8 * p.length / $3::float8))`;
}

/**
 * The chunks of `ranked` (a CTE of seqs and scores) that pass the filter, best first, with their ids; each
 * row also says how many were ranked. `limit` is the placeholder of the LIMIT.
 */
const admitted = (filterSql: string, limit: string) =>
  `SELECT c.chunk_id AS "chunkId", c.document_id AS "documentId", r.score, (SELECT count(*) FROM ranked) AS ranked
    FROM ranked r JOIN lexical_chunks c ON c.seq = r.seq
    ${filterSql === 'TRUE' ? '' : `JOIN documents d ON d.id = c.document_id WHERE ${filterSql}`}
    ORDER BY r.score DESC, r.seq LIMIT ${limit}`;

export const PG_LEXICAL_SQL = {
  /** `$4`: LIMIT. The best chunks by score alone, from the postings only: candidates, as seqs. */
  candidates: (bm25: string) => `WITH ${TERMS}
    SELECT p.seq, sum(${bm25}) AS score FROM q JOIN lexical_postings p ON p.term = q.term
    GROUP BY p.seq ORDER BY score DESC, p.seq LIMIT $4`,

  /**
   * The best `$4` chunks by score alone, then those of them that pass the filter (parameters from `$5`,
   * then the LIMIT `limit`), with their ids.
   */
  rank: (bm25: string, filterSql: string, limit: string) => `WITH ${TERMS},
      ranked AS (
        SELECT p.seq, sum(${bm25}) AS score FROM q JOIN lexical_postings p ON p.term = q.term
        GROUP BY p.seq ORDER BY score DESC, p.seq LIMIT $4
      )
    ${admitted(filterSql, limit)}`,

  /**
   * Phase two of pruned ranking: candidates (`$4` seqs, `$5` their scores by the essential terms) completed
   * with the other terms (`$1`/`$2`), the best `$6` of them, then those that pass the filter (parameters
   * from `$7`, then the LIMIT `limit`). Each (candidate, term) pair is one probe of the postings' key —
   * bounded work, where the planner, misjudging a common term's list, would read all of it and hash it (3×
   * slower at 100k chunks); `OFFSET 0` keeps the lateral subquery from being flattened into such a join.
   */
  rescore: (bm25: string, filterSql: string, limit: string) => `WITH ${TERMS},
      ranked AS (
        SELECT cand.seq, cand.base + coalesce(sum(${bm25}), 0) AS score
        FROM unnest($4::bigint[], $5::float8[]) AS cand (seq, base)
          CROSS JOIN q
          LEFT JOIN LATERAL (
            SELECT * FROM lexical_postings p WHERE p.term = q.term AND p.seq = cand.seq OFFSET 0
          ) p ON TRUE
        GROUP BY cand.seq, cand.base
        ORDER BY score DESC, cand.seq LIMIT $6
      )
    ${admitted(filterSql, limit)}`,

  /**
   * Every chunk holding a term that passes the filter, ranked: one page. The filter's parameters follow
   * `$3`; then LIMIT and OFFSET (`limit`, `offset`: their placeholders). Joined before aggregating, so the
   * planner may start from the documents when the filter is selective (a few documents: their chunks' postings
   * are probed) or from the postings when it is not.
   */
  filtered: (bm25: string, filterSql: string, limit: string, offset: string) => `WITH ${TERMS}
    SELECT c.chunk_id AS "chunkId", c.document_id AS "documentId", sum(${bm25}) AS score
    FROM q JOIN lexical_postings p ON p.term = q.term
      JOIN lexical_chunks c ON c.seq = p.seq
      JOIN documents d ON d.id = c.document_id
    WHERE ${filterSql}
    GROUP BY c.seq
    ORDER BY score DESC, c.seq LIMIT ${limit} OFFSET ${offset}`,

  /** `$1`: terms. Chunks holding each (summed over the counter shards); terms in no chunk are absent. */
  documentFrequencies: `SELECT term, sum(chunks) AS chunks FROM lexical_term_stats
    WHERE term = ANY($1::text[] COLLATE "C") GROUP BY term`,

  /** Chunks indexed and their tokens in total (FTS5's row count and total size). */
  totals: `SELECT coalesce(sum(chunks), 0) AS chunks, coalesce(sum(tokens), 0) AS tokens FROM lexical_totals`,

  /** `$1`: chunk id. The text a snippet is cut from and the language it was analysed in. */
  chunk: `SELECT c.content, d.language FROM document_chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.id = $1`,
  /** What `chunk` reads, for each of an array of chunk ids that exists. */
  chunks: `SELECT c.id, c.content, d.language FROM document_chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.id = ANY($1::text[])`,

  /**
   * The distinct document language tags, NULL included when some document has none: a skip scan of
   * `documents_language_idx` (migration 003), one index probe per language instead of reading every row.
   */
  languages: `WITH RECURSIVE tags (tag) AS (
      (SELECT min(language) FROM documents)
      UNION ALL
      SELECT (SELECT min(language) FROM documents WHERE language > tag) FROM tags WHERE tag IS NOT NULL
    )
    SELECT tag FROM tags WHERE tag IS NOT NULL
    UNION ALL
    SELECT NULL WHERE EXISTS (SELECT 1 FROM documents WHERE language IS NULL)`,
} as const;
