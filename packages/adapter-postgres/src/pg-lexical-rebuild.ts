import type { LexicalAnalyzer } from '@sift/lexical-analysis';
import { withTransaction, type PgClient, type PgPool } from './pg-database.js';
import { indexLexicalChunks, pgLexicalAnalyzer, type LexicalChunkRow } from './pg-lexical-rows.js';

/** The settings row naming the analysis the lexical index was built with (LexicalAnalyzer.signature). */
export const ANALYSIS_SETTING = 'lexical.analysis';

// Chunks read and indexed per statement while rebuilding: bounded memory whatever the corpus.
const BATCH = 1000;

/**
 * Rebuilds the lexical index when it was built by another analysis than `analyzer`'s — the diacritics option
 * changed (SIFT_LEXICAL_FOLD_DIACRITICS), or a stemmer or stop list upgrade changed terms — since a query
 * analysed one way finds nothing indexed the other way (as the SQLite adapter's reindexIfAnalysisChanged).
 * One transaction under an advisory lock, checked again inside it, so processes starting together rebuild
 * once; the index tables are locked against writers meanwhile. Returns the chunks re-indexed, or null if the
 * index was current (an empty index without a recorded analysis just records it). Call after migrations,
 * before any process writes chunks with the new analysis.
 */
export async function reindexLexicalIfAnalysisChanged(
  pool: PgPool,
  analyzer: LexicalAnalyzer = pgLexicalAnalyzer(),
): Promise<number | null> {
  return withTransaction(pool, async (client) => {
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtext('sift.lexical.analysis.' || current_schema()))`,
    );
    const stored = await client.query<{ signature: string }>(
      `SELECT value #>> '{}' AS signature FROM settings WHERE key = $1`,
      [ANALYSIS_SETTING],
    );
    if (stored.rows[0]?.signature === analyzer.signature) return null;
    await client.query(
      'LOCK TABLE lexical_chunks, lexical_postings, lexical_term_stats, lexical_totals IN EXCLUSIVE MODE',
    );
    const indexed = await client.query<{ found: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM lexical_chunks) AS found',
    );
    let chunks: number | null = null;
    if (stored.rows.length > 0 || indexed.rows[0]!.found) chunks = await rebuild(client, analyzer);
    await client.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, to_jsonb($2::text), $3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [ANALYSIS_SETTING, analyzer.signature, Date.now()],
    );
    return chunks;
  });
}

/** Empties the index and indexes every stored chunk again, in chunk order; returns how many. */
async function rebuild(client: PgClient, analyzer: LexicalAnalyzer): Promise<number> {
  await client.query('TRUNCATE lexical_postings, lexical_term_stats, lexical_totals, lexical_chunks');
  let after = 0;
  let total = 0;
  for (;;) {
    const { rows } = await client.query<LexicalChunkRow & { seq: number }>(
      `SELECT c.seq, c.id AS "chunkId", c.document_id AS "documentId", d.title, c.heading_path AS "headingPath",
         c.content, d.language
       FROM document_chunks c JOIN documents d ON d.id = c.document_id
       WHERE c.seq > $1 ORDER BY c.seq LIMIT ${BATCH}`,
      [after],
    );
    if (rows.length === 0) return total;
    await indexLexicalChunks(client, rows, analyzer);
    total += rows.length;
    after = rows.at(-1)!.seq;
  }
}
