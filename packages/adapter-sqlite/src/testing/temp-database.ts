import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteDatabase, type SqliteDatabase } from '../sqlite-database.js';
import { runMigrations } from '../sqlite-migrator.js';

/** A SQLite file in a fresh temp directory; `cleanup` closes it and removes the directory. */
export interface TempDatabase {
  db: SqliteDatabase;
  file: string;
  dir: string;
  cleanup(): void;
}

/**
 * Opens a new database file in its own temp directory, migrated unless told otherwise. Tests run against real
 * files (WAL, locking, several connections) because that is what production runs on, never `:memory:`.
 */
export function createTempDatabase(options: { migrate?: boolean } = {}): TempDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-'));
  const file = path.join(dir, 'data', 'sift.db');
  const db = openSqliteDatabase(file);
  if (options.migrate ?? true) runMigrations(db);
  return {
    db,
    file,
    dir,
    cleanup() {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A user row for the contract suites' `addUser` (the owner of what a case writes). */
export function addTestUser(db: SqliteDatabase, id: string): void {
  db.prepare(
    `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
     VALUES (?, ? || '@example.test', ?, 'Test user', 0, 0)`,
  ).run(id, id, id);
}
