import { LexicalAnalyzer, type LexicalAnalysisOptions } from '@sift/lexical-analysis';
import type { SqliteDatabase } from './sqlite-database.js';

/** The settings row naming the analysis the lexical index was built with (LexicalAnalyzer.signature). */
export const ANALYSIS_SETTING = 'lexical.analysis';

const analyzers = new WeakMap<SqliteDatabase, LexicalAnalyzer>();
// One analyzer per option set and process: connections share its stem cache.
const shared = new Map<string, LexicalAnalyzer>();

/**
 * Gives a connection the SQL functions the lexical index is written with (migration 010), backed by one
 * LexicalAnalyzer:
 * - `sift_lexical_terms(text, language)`: the index terms of a text in a document language tag (null:
 *   unknown), separated by spaces; the triggers index each chunk's content, heading path and title with it.
 * - `sift_lexical_signature()`: what the analyzer produces, recorded with the index.
 *
 * Analysis runs in JavaScript, not in an FTS5 tokenizer, because SQLite's tokenizers cannot be written in
 * JavaScript and none of its own stems Polish or German. Every connection that writes chunks or documents must
 * have these functions (openSqliteDatabase registers them); `sqlite3` alone can read and delete, not index.
 */
export function registerLexicalAnalysis(
  db: SqliteDatabase,
  options: LexicalAnalysisOptions = {},
): LexicalAnalyzer {
  const key = JSON.stringify({ fold: options.foldDiacritics ?? true });
  let analyzer = shared.get(key);
  if (!analyzer) {
    analyzer = new LexicalAnalyzer(options);
    shared.set(key, analyzer);
  }
  const a = analyzer;
  db.function('sift_lexical_terms', { deterministic: true }, (text: unknown, language: unknown) =>
    a.indexText(
      typeof text === 'string' ? text : null,
      a.languageOf(typeof language === 'string' ? language : null),
    ),
  );
  db.function('sift_lexical_signature', { deterministic: true }, () => a.signature);
  analyzers.set(db, a);
  return a;
}

/** The analyzer registered on a connection (registering the default one if none was). */
export function lexicalAnalyzerOf(db: SqliteDatabase): LexicalAnalyzer {
  return analyzers.get(db) ?? registerLexicalAnalysis(db);
}

/**
 * Rebuilds the lexical index when it was built by another analysis than the connection's — the diacritics
 * option changed (SIFT_LEXICAL_FOLD_DIACRITICS), or a stemmer or stop list upgrade changed terms — since a
 * query analysed one way finds nothing indexed the other way. One write transaction, checked again inside
 * it, so two processes starting together rebuild once: FTS5's 'rebuild' re-reads every chunk through the
 * view of migration 010, analysed by this connection's functions. Returns the chunks re-indexed, or null if
 * current. Call after migrations (migration 010 creates the index and records its signature), before any
 * write: the delete triggers must recompute the very terms that were indexed.
 */
export function reindexIfAnalysisChanged(db: SqliteDatabase): number | null {
  const analyzer = lexicalAnalyzerOf(db);
  const rebuild = db.transaction((): number | null => {
    const stored = db
      .prepare(`SELECT value ->> '$' FROM settings WHERE key = ?`)
      .pluck()
      .get(ANALYSIS_SETTING) as string | undefined;
    if (stored === analyzer.signature) return null;
    db.prepare(`INSERT INTO document_chunks_fts (document_chunks_fts) VALUES ('rebuild')`).run();
    const chunks = db.prepare('SELECT count(*) FROM document_chunks').pluck().get() as number;
    db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, json_quote(?), ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(ANALYSIS_SETTING, analyzer.signature, Date.now());
    return chunks;
  });
  return rebuild.immediate();
}
