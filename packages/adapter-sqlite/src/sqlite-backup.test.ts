import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupSqliteDatabase, readSnapshotFacts } from './sqlite-backup.js';
import { openSqliteDatabase } from './sqlite-database.js';
import { runMigrations } from './sqlite-migrator.js';

describe('backupSqliteDatabase', () => {
  let dir: string;
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('finishes while another connection keeps writing, with one committed state in a self-contained file', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sift-sqlite-backup-'));
    const db = openSqliteDatabase(path.join(dir, 'live.db'));
    runMigrations(db);
    db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i += 1) insert.run('x'.repeat(2000));
    })();
    // Another connection (as another process would) writes between the copy's steps: each write restarts a
    // stepped copy, so it must fall back to one step rather than run forever.
    const other = new Database(path.join(dir, 'live.db'));
    let writing = true;
    const writes = (async () => {
      let n = 0;
      while (writing) {
        other.prepare('INSERT INTO filler (body) VALUES (?)').run(`w${n++}`);
        await new Promise((r) => setImmediate(r));
      }
      return n;
    })();
    try {
      await backupSqliteDatabase(db, path.join(dir, 'copy.db'), { pagesPerStep: 5 });
    } finally {
      writing = false;
    }
    expect(await writes).toBeGreaterThan(0);
    const copy = new Database(path.join(dir, 'copy.db'), { readonly: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(
        (copy.prepare('SELECT count(*) AS n FROM filler').get() as { n: number }).n,
      ).toBeGreaterThanOrEqual(2000);
    } finally {
      copy.close();
      other.close();
      db.close();
    }
    expect(readSnapshotFacts(path.join(dir, 'copy.db'))).toMatchObject({
      counts: { documents: 0, chunks: 0, vectors: 0, blobs: 0 },
      blobs: [],
    });
  }, 60_000);
});
