import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { openSqliteDatabase, SQLITE_MIGRATIONS, type SqliteDatabase } from '@sift/adapter-sqlite';
import { withTransaction, type PgClient, type PgPool } from '@sift/adapter-postgres';
import { redactUrl } from '@sift/config';
import { AppError, LOCAL_USER_ID } from '@sift/core';
import { TABLES } from './migrate-data-tables.js';

/**
 * The two ends of `sift migrate-data` and the bookkeeping that makes it resumable: the source data dir is
 * checked (present, at the schema this code knows) and identified; the target is checked (reachable, empty
 * or holding a previous run of the same source) and carries the checkpoints in its own tables.
 */

/** Opens `<dataDir>/sift.db` and refuses a schema this code does not know (newer) or has not applied (older). */
export function openSource(dataDir: string, lexical: { foldDiacritics: boolean }): SqliteDatabase {
  const file = path.join(dataDir, 'sift.db');
  if (!existsSync(file)) {
    throw new AppError('MIGRATE_DATA_NO_SOURCE', 'user', `no embedded database at ${file} (SIFT_DATA_DIR)`, {
      retryable: false,
    });
  }
  const db = openSqliteDatabase(file, { lexical });
  try {
    const found = schemaVersion(db);
    const known = SQLITE_MIGRATIONS.at(-1)!.version;
    if (found > known) {
      throw new AppError(
        'SCHEMA_TOO_NEW',
        'system',
        `the data dir is at schema version ${found}, but this version of Sift knows only up to ${known}; upgrade Sift before migrating`,
        { retryable: false, details: { databaseVersion: found, knownVersion: known } },
      );
    }
    if (found < known) {
      throw new AppError(
        'MIGRATE_DATA_SOURCE_OUTDATED',
        'user',
        `the data dir is at schema version ${found}, this Sift at ${known}: run \`sift migrate\` on it first`,
        { retryable: false, details: { databaseVersion: found, knownVersion: known } },
      );
    }
    assertIdle(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

// Workers heartbeat every lease/3 (30 s by default): a row seen this recently belongs to a live process.
const LIVE_WORKER_MS = 60_000;

/**
 * Refuses a data dir that a running `sift serve` or `sift worker` still writes: rows changed behind the copy
 * would be missed. A graceful stop unregisters its workers; after a crash the rows age out within a minute.
 */
function assertIdle(db: SqliteDatabase): void {
  const live = db
    .prepare('SELECT count(*) AS n FROM workers WHERE last_seen_at > ?')
    .get(Date.now() - LIVE_WORKER_MS) as { n: number };
  if (live.n > 0) {
    throw new AppError(
      'MIGRATE_DATA_SOURCE_BUSY',
      'conflict',
      `${live.n} worker(s) of this data dir were alive in the last minute: stop \`sift serve\` and \`sift worker\` first`,
      { retryable: true },
    );
  }
}

function schemaVersion(db: SqliteDatabase): number {
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Who the source is: its path, its migration history and its first account. A resumed run must name the same
 * source, so two different data dirs can never be merged into one target by accident.
 */
export function sourceIdentity(db: SqliteDatabase, dataDir: string): string {
  const migrations = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
  const first = db.prepare('SELECT id FROM users ORDER BY rowid LIMIT 1').get() as { id: string } | undefined;
  return createHash('sha256')
    .update(JSON.stringify([realpathSync(dataDir), migrations, first?.id ?? null]))
    .digest('hex');
}

/** A backend that does not answer, reported with the flag that names it. */
export function unreachable(what: string, flag: string, url: string, err: unknown): AppError {
  const reason = err instanceof Error ? err.message : String(err);
  return new AppError(
    'MIGRATE_DATA_TARGET_UNREACHABLE',
    'third_party',
    `cannot reach ${what} at ${redactUrl(url)} (${flag}): ${reason}`,
    { cause: err, retryable: true, details: { flag } },
  );
}

const PROGRESS_DDL = `
CREATE TABLE IF NOT EXISTS migrate_data_source (
  id integer PRIMARY KEY CHECK (id = 1),
  identity text NOT NULL,
  source_path text NOT NULL,
  started_at bigint NOT NULL,
  finished_at bigint
);
CREATE TABLE IF NOT EXISTS migrate_data_progress (
  table_name text PRIMARY KEY,
  last_key bigint NOT NULL,
  copied bigint NOT NULL DEFAULT 0,
  done boolean NOT NULL DEFAULT false,
  updated_at bigint NOT NULL
);`;

/** Tables whose rows mean the target already holds an installation's data (a started node adds none). */
const CONTENT_CHECK = `SELECT
  EXISTS (SELECT 1 FROM users WHERE id <> $1) OR EXISTS (SELECT 1 FROM documents)
  OR EXISTS (SELECT 1 FROM collections) OR EXISTS (SELECT 1 FROM folders) OR EXISTS (SELECT 1 FROM groups)
  OR EXISTS (SELECT 1 FROM chat_sessions) OR EXISTS (SELECT 1 FROM api_keys) AS found`;

/**
 * Claims the target for this source. A target with a previous run of the same source resumes with `resume`
 * (and is refused without it); one with another source's run, or with data of its own, is refused. A fresh
 * target is cleared of what a started node writes by itself (the local user, settings), so every row comes
 * from the source. Returns whether this run resumes.
 */
export async function claimTarget(
  pool: PgPool,
  identity: string,
  dataDir: string,
  resume: boolean,
): Promise<boolean> {
  await pool.query(PROGRESS_DDL);
  const previous = await pool.query<{ identity: string; source_path: string }>(
    'SELECT identity, source_path FROM migrate_data_source WHERE id = 1',
  );
  const run = previous.rows[0];
  if (run) {
    if (run.identity !== identity) {
      throw notEmpty(`it holds data migrated from another data dir (${run.source_path})`);
    }
    if (!resume) throw notEmpty('it holds a previous run of this migration: pass --resume to continue it');
    return true;
  }
  const content = await pool.query<{ found: boolean }>(CONTENT_CHECK, [LOCAL_USER_ID]);
  if (content.rows[0]!.found) throw notEmpty('it already holds users, documents or collections of its own');
  const tables = [
    ...TABLES.map((t) => t.table),
    'lexical_chunks',
    'lexical_postings',
    'lexical_term_stats',
    'lexical_totals',
    'vector_outbox',
  ];
  await withTransaction(pool, async (client) => {
    await client.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
    await client.query('DELETE FROM migrate_data_progress');
    await client.query(
      `INSERT INTO migrate_data_source (id, identity, source_path, started_at) VALUES (1, $1, $2, $3)`,
      [identity, realpathSync(dataDir), Date.now()],
    );
  });
  return false;
}

function notEmpty(reason: string): AppError {
  return new AppError(
    'MIGRATE_DATA_TARGET_NOT_EMPTY',
    'conflict',
    `refusing the target database (--to): ${reason}`,
    {
      retryable: false,
    },
  );
}

export async function readCheckpoint(
  pool: PgPool,
  table: string,
): Promise<{ lastKey: number; done: boolean }> {
  const { rows } = await pool.query<{ last_key: number; done: boolean }>(
    'SELECT last_key, done FROM migrate_data_progress WHERE table_name = $1',
    [table],
  );
  return { lastKey: rows[0]?.last_key ?? Number.MIN_SAFE_INTEGER, done: rows[0]?.done ?? false };
}

export async function writeCheckpoint(
  client: PgClient,
  table: string,
  lastKey: number,
  copied: number,
  done: boolean,
): Promise<void> {
  await client.query(
    `INSERT INTO migrate_data_progress (table_name, last_key, copied, done, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key,
       copied = migrate_data_progress.copied + excluded.copied, done = excluded.done, updated_at = excluded.updated_at`,
    [table, lastKey, copied, done, Date.now()],
  );
}

export async function markFinished(pool: PgPool): Promise<void> {
  await pool.query('UPDATE migrate_data_source SET finished_at = $1 WHERE id = 1', [Date.now()]);
}
