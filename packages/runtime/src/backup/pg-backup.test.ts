import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createPgPool } from '@sift/adapter-postgres';
import { loadConfig } from '@sift/config';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import {
  createTestPgTarget,
  createTestRedisDb,
  migrateTargetsAvailable,
} from '../migrate-data-test-support.js';
import { createRuntime } from '../runtime.js';
import { parseManifest } from './backup-manifest.js';
import { restoreBackup } from './backup-restore.js';

const run = promisify(execFile);

/** `sift backup` on the scale-out shape: pg_dump of an exported snapshot + the blobs it references. */
describe('backup of the PostgreSQL shape', () => {
  it('archives a custom-format dump that pg_restore loads, with the blobs and counts of the same snapshot', async (ctx) => {
    if (!(await migrateTargetsAvailable())) ctx.skip(); // #15: needs PostgreSQL and Redis (see .ci/run)
    const work = await mkdtemp(path.join(tmpdir(), 'sift-pg-backup-'));
    const source = await createTestPgTarget();
    const copy = await createTestPgTarget();
    const redis = await createTestRedisDb();
    const runtime = await createRuntime(
      loadConfig({
        SIFT_DATA_DIR: path.join(work, 'data'),
        SIFT_LOG_LEVEL: 'silent',
        SIFT_EMBEDDER: 'none',
        SIFT_WORKERS: 'false',
        SIFT_DATABASE_URL: source.url,
        SIFT_REDIS_URL: redis.url,
      }),
    );
    try {
      const operator = runtime.identity.operator();
      for (const [name, text] of [
        ['a.txt', 'alpha'],
        ['b.txt', 'beta'],
      ] as const)
        await runtime.documents.upload({ access: operator, filename: name, source: Buffer.from(text) });
      const written = await runtime.backups.backupNow({ dest: path.join(work, 'pg.tar.gz') });
      expect(written.manifest).toMatchObject({ shape: 'postgres', counts: { documents: 2, blobs: 2 } });
      expect(written.manifest.migrationLevel).toBeGreaterThanOrEqual(4);
      expect(written.manifest.files.map((f) => f.path)).toEqual(
        expect.arrayContaining(['database.dump', expect.stringMatching(/^blobs\//u)]),
      );

      const into = await mkdtemp(path.join(work, 'unpacked-'));
      await tar.x({ file: written.file, cwd: into });
      const manifest = parseManifest(await readFile(path.join(into, 'manifest.json'), 'utf8'));
      expect(manifest.id).toBe(written.manifest.id);
      await run('pg_restore', ['--no-owner', `--dbname=${copy.url}`, path.join(into, 'database.dump')]);
      const pool = createPgPool(copy.url, { max: 1 });
      try {
        const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM documents');
        expect(Number(rows[0]!.n)).toBe(2);
      } finally {
        await pool.end();
      }

      // `sift restore` fills embedded data dirs only: a dump is pg_restore's.
      await expect(
        restoreBackup({
          archive: written.file,
          dataDir: path.join(work, 'r'),
          blobDir: path.join(work, 'r', 'blobs'),
        }),
      ).rejects.toMatchObject({ code: 'BACKUP_SHAPE_UNSUPPORTED' });
    } finally {
      await runtime.close();
      await redis.cleanup();
      await source.cleanup();
      await copy.cleanup();
      await rm(work, { recursive: true, force: true });
    }
  }, 120_000);
});
