import type { SqliteDatabase } from '../sqlite-database.js';

/** Ids of the chunks the lexical index matches for an FTS5 query, sorted by id (tests compare sets). */
export function matchChunkIds(db: SqliteDatabase, query: string): string[] {
  const rows = db
    .prepare(
      `SELECT c.id FROM document_chunks_fts f JOIN document_chunks c ON c.seq = f.rowid
       WHERE document_chunks_fts MATCH ? ORDER BY c.id`,
    )
    .all(query) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * FTS5's own check that the index holds exactly what its content (the chunks and their documents' titles)
 * says: 'ok', or the error it reports. An external-content index told the wrong old values on a delete fails
 * it, which is how a missed trigger would show.
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
