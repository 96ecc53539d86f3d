import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { LexicalAnalysisOptions } from '@sift/lexical-analysis';
import { registerLexicalAnalysis } from './fts-analysis.js';

/** An open better-sqlite3 connection; one per process, shared by the metadata store and the job queue. */
export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed, parent directories included) the SQLite file and sets the pragmas Sift relies on:
 * WAL so readers never block the writer and several processes can share the file; a busy timeout so a
 * process waits for another's write lock instead of failing at once; NORMAL sync, which in WAL mode loses at
 * most the last transactions on power loss but never corrupts; and foreign keys, which SQLite leaves off.
 * Registers the lexical analysis (`options.lexical`) the index triggers call (fts-analysis.ts).
 */
export function openSqliteDatabase(
  file: string,
  options: { lexical?: LexicalAnalysisOptions } = {},
): SqliteDatabase {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    registerLexicalAnalysis(db, options.lexical);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
