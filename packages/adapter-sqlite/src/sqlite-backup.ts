import Database from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database.js';
import { openSqliteDatabase } from './sqlite-database.js';

/** What a backup needs to know of a database snapshot, read from the snapshot itself. */
export interface SqliteSnapshotFacts {
  /** The newest migration applied (`schema_migrations`). */
  migrationLevel: number;
  counts: { documents: number; chunks: number; vectors: number; blobs: number };
  /** Every blob a row of the snapshot refers to: documents, and references taken outside documents. */
  blobs: { sha256: string; size: number }[];
  /** The vector spaces, with what an ANN sidecar must name to reflect them (`createdAt:version`). */
  spaces: { id: string; dimensions: number; stamp: string }[];
}

/** One kind of inconsistency found by {@link checkSqliteDatabase}. */
export interface SqliteProblem {
  code:
    | 'CHUNK_WITHOUT_DOCUMENT'
    | 'CHUNK_WITHOUT_LEXICAL_ROW'
    | 'LEXICAL_INDEX_MISMATCH'
    | 'CHUNK_WITHOUT_VECTOR';
  message: string;
  count: number;
  /** A few ids to start from. */
  samples: string[];
}

/** Default pages copied per step: ~4 MiB, so a step is short and requests keep being served between steps. */
const PAGES_PER_STEP = 1024;
const MAX_RESTARTS = 3;
/** More pages than any database has: the rest of the copy in one step. */
const ONE_STEP = 2 ** 30;

/**
 * Copies the live database into `file` with SQLite's online backup API, in steps that yield to the event
 * loop. Writes made through the same connection between steps are carried into the copy; a write by another
 * process restarts the copy (SQLite's rule), so the file always holds one committed state — the state at the
 * moment the last step finished. The copy is switched to a rollback journal so it is one self-contained file.
 */
export async function backupSqliteDatabase(
  db: SqliteDatabase,
  file: string,
  options: { pagesPerStep?: number } = {},
): Promise<void> {
  const pages = options.pagesPerStep ?? PAGES_PER_STEP;
  let lastRemaining = Infinity;
  let restarts = 0;
  await db.backup(file, {
    progress: ({ remainingPages }) => {
      // Remaining pages going up means another process wrote and the copy started over; under a steady
      // stream of such writes a stepped copy might never finish, so after a few restarts it is done in one.
      if (remainingPages > lastRemaining) restarts += 1;
      lastRemaining = remainingPages;
      return restarts >= MAX_RESTARTS ? ONE_STEP : pages;
    },
  });
  const copy = new Database(file);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Reads the facts of a snapshot file (read-only; no lexical functions needed). */
export function readSnapshotFacts(file: string): SqliteSnapshotFacts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    const blobs = db
      .prepare(
        `SELECT sha256, size FROM blobs
         WHERE ref_count > 0 OR sha256 IN (SELECT sha256 FROM documents)
         ORDER BY sha256`,
      )
      .all() as { sha256: string; size: number }[];
    const spaces = db
      .prepare('SELECT id, dimensions, version, created_at FROM vector_spaces ORDER BY id')
      .all() as { id: string; dimensions: number; version: number; created_at: number }[];
    return {
      migrationLevel: count('SELECT coalesce(max(version), 0) AS n FROM schema_migrations'),
      counts: {
        documents: count('SELECT count(*) AS n FROM documents'),
        chunks: count('SELECT count(*) AS n FROM document_chunks'),
        vectors: count('SELECT count(*) AS n FROM chunk_vectors'),
        blobs: blobs.length,
      },
      blobs,
      // Must match spaceStamp() in sqlite-ann-files.ts, which the ANN sidecars record.
      spaces: spaces.map((s) => ({
        id: s.id,
        dimensions: s.dimensions,
        stamp: `${s.created_at}:${s.version}`,
      })),
    };
  } finally {
    db.close();
  }
}

/** The newest migration applied to a database file (0 when none). */
export function readMigrationLevel(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT coalesce(max(version), 0) AS n FROM schema_migrations').get() as { n: number })
      .n;
  } finally {
    db.close();
  }
}

/**
 * Checks the rows of a data dir's database against each other: every chunk has its document, its lexical
 * (FTS5) row and — when a vector space serves — its vector in that space; FTS5's own integrity check compares
 * the index with the chunks' analysed terms. Opens its own connection (the check writes nothing, but FTS5's
 * integrity check is issued as an INSERT). Blobs are the caller's: they live outside the database.
 */
export function checkSqliteDatabase(
  file: string,
  options: { foldDiacritics?: boolean } = {},
): { problems: SqliteProblem[]; servingSpace: string | null } {
  const db = openSqliteDatabase(file, { lexical: { foldDiacritics: options.foldDiacritics ?? true } });
  try {
    const problems: SqliteProblem[] = [];
    const probe = (
      code: SqliteProblem['code'],
      message: string,
      where: string,
      ...params: unknown[]
    ): void => {
      const { n } = db
        .prepare(`SELECT count(*) AS n FROM document_chunks c WHERE ${where}`)
        .get(...params) as {
        n: number;
      };
      if (n === 0) return;
      const samples = (
        db.prepare(`SELECT c.id FROM document_chunks c WHERE ${where} LIMIT 5`).all(...params) as {
          id: string;
        }[]
      ).map((r) => r.id);
      problems.push({ code, message, count: n, samples });
    };
    probe(
      'CHUNK_WITHOUT_DOCUMENT',
      'chunks whose document does not exist',
      'NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = c.document_id)',
    );
    // An external-content FTS5 table keeps one _docsize row per indexed row.
    probe(
      'CHUNK_WITHOUT_LEXICAL_ROW',
      'chunks missing from the lexical index',
      'NOT EXISTS (SELECT 1 FROM document_chunks_fts_docsize f WHERE f.id = c.seq)',
    );
    try {
      db.prepare(
        "INSERT INTO document_chunks_fts (document_chunks_fts, rank) VALUES ('integrity-check', 1)",
      ).run();
    } catch (err) {
      problems.push({
        code: 'LEXICAL_INDEX_MISMATCH',
        message: `the lexical index does not match the chunks: ${err instanceof Error ? err.message : String(err)}`,
        count: 1,
        samples: [],
      });
    }
    const serving = db.prepare("SELECT value FROM settings WHERE key = 'search.serving_space'").get() as
      { value: string } | undefined;
    const servingSpace = serving ? (JSON.parse(serving.value) as { id: string }).id : null;
    if (servingSpace) {
      probe(
        'CHUNK_WITHOUT_VECTOR',
        `chunks without a vector in the serving space ${servingSpace}`,
        'NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.space = ? AND v.chunk_seq = c.seq)',
        servingSpace,
      );
    }
    return { problems, servingSpace };
  } finally {
    db.close();
  }
}
