import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError, silentLogger, type Logger } from '@sift/core';
import type { BackupManifest } from './backup-manifest.js';
import { pinBlobs, writeArchive, type WrittenBackup } from './backup-writer.js';

/** What the scale-out shape's backup needs: the database URL and the shared blob dir. */
export interface PostgresBackupSource {
  databaseUrl: string;
  blobDir: string;
  keysDir: string;
  workDir: string;
  /** The pg_dump binary (default: `pg_dump` on the PATH). */
  pgDump?: string;
}

const SNAPSHOT_ATTEMPTS = 3;

/**
 * The scale-out shape's archive: a `pg_dump` custom-format dump (`database.dump`) and the blobs it
 * references, with the same manifest. Consistency: a REPEATABLE READ transaction exports its snapshot
 * (`pg_export_snapshot`), the blob set and counts are read inside it, and pg_dump runs with `--snapshot`, so
 * the dump, the counts and the blob set are one state; the blobs are pinned by hard links as in the embedded
 * shape (see writeEmbeddedBackup). Redis (queued work) and Chroma (rebuilt from PostgreSQL's vectors through
 * the outbox) are not part of it: see docs/DEPLOYMENT.md. Restore with pg_restore into an empty database.
 */
export async function writePostgresBackup(
  source: PostgresBackupSource,
  options: { id: string; dest: string; logger?: Logger; now?: () => Date },
): Promise<WrittenBackup> {
  const logger = options.logger ?? silentLogger;
  const { createPgPool } = await import('@sift/adapter-postgres');
  const pool = createPgPool(source.databaseUrl, { max: 1, applicationName: 'sift-backup' });
  try {
    return await writeArchive(source, options, async (staging) => {
      let facts: Facts | null = null;
      let missing: string[] = [];
      for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt += 1) {
        await rm(path.join(staging, 'blobs'), { recursive: true, force: true });
        await rm(path.join(staging, 'database.dump'), { force: true });
        const client = await pool.connect();
        try {
          await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
          const { rows } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
          facts = await readFacts((sql) => client.query(sql).then((r) => r.rows));
          missing = await pinBlobs(facts.blobs, source.blobDir, path.join(staging, 'blobs'));
          if (missing.length === 0 || attempt === SNAPSHOT_ATTEMPTS) {
            await runPgDump(source, rows[0]!.id, path.join(staging, 'database.dump'));
            await client.query('COMMIT');
            break;
          }
          await client.query('ROLLBACK');
          logger.info(
            { attempt, missing: missing.length },
            'backup: blobs deleted since the snapshot; again',
          );
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      }
      return {
        shape: 'postgres',
        migrationLevel: facts!.migrationLevel,
        counts: facts!.counts,
        ann: [],
        missingBlobs: missing,
      };
    });
  } finally {
    await pool.end();
  }
}

interface Facts {
  migrationLevel: number;
  counts: BackupManifest['counts'];
  blobs: string[];
}

async function readFacts(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<Facts> {
  const one = async (sql: string): Promise<number> => Number((await query(sql))[0]!.n);
  const blobs = (
    await query(
      `SELECT sha256 FROM blobs WHERE ref_count > 0 OR sha256 IN (SELECT sha256 FROM documents) ORDER BY sha256`,
    )
  ).map((r) => String(r.sha256));
  return {
    migrationLevel: await one('SELECT coalesce(max(version), 0) AS n FROM schema_migrations'),
    counts: {
      documents: await one('SELECT count(*) AS n FROM documents'),
      chunks: await one('SELECT count(*) AS n FROM document_chunks'),
      vectors: await one('SELECT count(*) AS n FROM chunk_vectors'),
      blobs: blobs.length,
    },
    blobs,
  };
}

/** pg_dump of the exported snapshot; the password goes by environment, never on the command line. */
function runPgDump(source: PostgresBackupSource, snapshot: string, file: string): Promise<void> {
  const url = new URL(source.databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const args = [
    '--format=custom',
    `--snapshot=${snapshot}`,
    '--no-owner',
    `--file=${file}`,
    `--dbname=${url.toString()}`,
  ];
  return new Promise((resolve, reject) => {
    // The child inherits this process's environment (PATH, PG* settings), plus the password.
    const child = spawn(source.pgDump ?? 'pg_dump', args, {
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', (err) =>
      reject(
        new AppError('BACKUP_PG_DUMP_FAILED', 'system', `pg_dump could not run: ${err.message}`, {
          cause: err,
        }),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new AppError(
            'BACKUP_PG_DUMP_FAILED',
            'system',
            `pg_dump exited with ${code}: ${stderr.trim().slice(0, 500)}`,
            {
              details: { code },
            },
          ),
        );
    });
  });
}
