/**
 * The statements of SqliteLexicalIndex. `bm25` is the call with the configured column weights; `filterSql`
 * is a buildChunkFilter fragment over the aliases `c` (document_chunks) and `d` (documents). Every
 * statement is FTS5-first: the MATCH yields the matching rowids, which are `document_chunks.seq` itself.
 * FTS5's bm25 is lower-is-better; negated it is a score where higher is better, as IndexHit says, and `seq`
 * breaks ties so that pages never overlap.
 */
export const LEXICAL_SQL = {
  /** Parameters: MATCH expression, LIMIT. The best rows by score alone, read from the index only. */
  rank: (bm25: string) => `SELECT rowid AS seq, -${bm25} AS score FROM document_chunks_fts
    WHERE document_chunks_fts MATCH ?
    ORDER BY score DESC, seq
    LIMIT ?`,

  /**
   * Parameters: MATCH expression, a JSON array of seqs, LIMIT. The best of those rows by score. `+rowid`
   * keeps the seqs from being a constraint of the virtual table: FTS5 would run the query once per seq,
   * counting every term's rows for bm25 each time; as a plain test it matches once and scores only them.
   */
  rescore: (bm25: string) => `SELECT rowid AS seq, -${bm25} AS score FROM document_chunks_fts
    WHERE document_chunks_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))
    ORDER BY score DESC, seq
    LIMIT ?`,

  /** Parameters: a JSON array of seqs, then the filter's. Those of the seqs whose chunks pass the filter. */
  admit: (filterSql: string) => `SELECT c.seq AS seq, c.id AS chunkId, c.document_id AS documentId
    FROM json_each(?) AS wanted
      CROSS JOIN document_chunks AS c ON c.seq = wanted.value
      CROSS JOIN documents AS d ON d.id = c.document_id
    WHERE ${filterSql}`,

  /**
   * Parameters: MATCH expression, the filter's, LIMIT, OFFSET. Ranks every matching chunk that passes the
   * filter. CROSS JOIN fixes the join order: SQLite never starts from a filtered scan of documents and
   * probes the index once per chunk.
   */
  filtered: (bm25: string, filterSql: string) => `SELECT c.id AS chunkId, c.document_id AS documentId,
      -${bm25} AS score
    FROM document_chunks_fts
      CROSS JOIN document_chunks AS c ON c.seq = document_chunks_fts.rowid
      CROSS JOIN documents AS d ON d.id = c.document_id
    WHERE document_chunks_fts MATCH ? AND ${filterSql}
    ORDER BY score DESC, c.seq
    LIMIT ? OFFSET ?`,

  chunk: `SELECT c.content, d.language FROM document_chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.id = ?`,
  /** Parameter: a JSON array of chunk ids. What `chunk` reads, for each of them that exists. */
  chunks: `SELECT c.id, c.content, d.language FROM document_chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.id IN (SELECT value FROM json_each(?))`,

  /**
   * The distinct document language tags, NULL included when some document has none: a skip scan of
   * `documents_language_idx` (migration 010), one index probe per language instead of reading every row.
   */
  languages: `WITH RECURSIVE tags (tag) AS (
      SELECT min(language) FROM documents
      UNION ALL
      SELECT (SELECT min(language) FROM documents WHERE language > tag) FROM tags WHERE tag IS NOT NULL
    )
    SELECT tag FROM tags WHERE tag IS NOT NULL
    UNION ALL
    SELECT NULL WHERE EXISTS (SELECT 1 FROM documents WHERE language IS NULL)`,
} as const;
