import { lexicalAnalyzerOf } from '../fts-analysis.js';
import { quote } from '../fts-query.js';
import type { SqliteDatabase } from '../sqlite-database.js';

// FTS5's operators and column filters (`title:`) stay syntax; every other word becomes its English term.
const WORD_OR_COLUMN = /([\p{L}\p{N}_]+)(:?)/gu;
const OPERATORS = new Set(['AND', 'OR', 'NOT', 'NEAR']);

/**
 * Ids of the chunks the lexical index matches for an FTS5 query, sorted by id (tests compare sets). The
 * query's words are analysed as English first (`lighthouse` → `lighthous`), as the index holds terms, not
 * words; operators and column filters are kept: `title:harbour OR notes`. Before migration 010 the index
 * stemmed with its own tokenizer, and the query is passed as it is.
 */
export function matchChunkIds(db: SqliteDatabase, query: string): string[] {
  const analyzer = lexicalAnalyzerOf(db);
  const match = holdsTerms(db)
    ? query.replace(WORD_OR_COLUMN, (whole, word: string, colon: string) =>
        colon || OPERATORS.has(word) ? whole : quote(analyzer.term(word, 'en') ?? word),
      )
    : query;
  const rows = db
    .prepare(
      `SELECT c.id FROM document_chunks_fts f JOIN document_chunks c ON c.seq = f.rowid
       WHERE document_chunks_fts MATCH ? ORDER BY c.id`,
    )
    .all(match) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * FTS5's own check that the index holds exactly what its content (the chunks and their documents' titles,
 * analysed afresh through the view since migration 010) says: 'ok', or the error it reports. An
 * external-content index told the wrong old values on a delete fails it, which is how a missed trigger would
 * show.
 */
export function ftsIntegrityCheck(db: SqliteDatabase): string {
  try {
    db.prepare(
      `INSERT INTO document_chunks_fts (document_chunks_fts, rank) VALUES ('integrity-check', 1)`,
    ).run();
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Whether the index holds analysed terms (migration 010's `ascii` tokenizer) rather than stemming itself. */
function holdsTerms(db: SqliteDatabase): boolean {
  const sql = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'document_chunks_fts'`).pluck().get();
  return typeof sql === 'string' && sql.includes(`tokenize = 'ascii'`);
}
