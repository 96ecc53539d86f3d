import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPgPool } from '@sift/adapter-postgres';
import {
  buildEmbeddedSource,
  createTestPgTarget,
  createTestRedisDb,
  migrateTargetsAvailable,
} from '@sift/runtime/migrate-data-test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';

interface MigrateDataJson {
  resumed: boolean;
  tables: { table: string; copied: number }[];
  tasks: { requeued: number };
  verification: {
    ok: boolean;
    counts: { table: string; source: number; target: number }[];
    searches: { lexical: number; vector: number };
  };
}

const available = await migrateTargetsAvailable();

/** The `sift migrate-data` binary over a real embedded data dir, into real PostgreSQL and Redis. */
describe.skipIf(!available)(
  'sift migrate-data (needs PostgreSQL and Redis, #14)',
  { timeout: 180_000 },
  () => {
    const dirs = tempDirs();
    const cleanups: (() => Promise<void>)[] = [];
    let dataDir: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'sift-cli-migrate-data-'));
      await buildEmbeddedSource(dataDir);
    }, 300_000);
    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
      await dirs.cleanup();
    });

    async function target() {
      const pg = await createTestPgTarget();
      cleanups.push(pg.cleanup);
      const redis = await createTestRedisDb();
      cleanups.push(redis.cleanup);
      const blobDir = await dirs.make('sift-cli-migrate-blobs-');
      return ['--to', pg.url, '--redis', redis.url, '--blob-dir', blobDir];
    }

    it('copies and verifies, printing JSON, and reports a second run as a resume', async () => {
      const args = await target();

      const run = await runSift(['migrate-data', ...args, '--json'], dataDir, 120_000);

      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as MigrateDataJson;
      expect(result.verification.ok).toBe(true);
      expect(result.verification.searches.lexical).toBeGreaterThan(10);
      expect(result.verification.counts.every((c) => c.source === c.target)).toBe(true);
      expect(result.tasks.requeued).toBe(1);

      const refused = await runSift(['migrate-data', ...args], dataDir);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/pass --resume to continue it \[MIGRATE_DATA_TARGET_NOT_EMPTY\]/u);

      const human = await runSift(['migrate-data', ...args, '--resume'], dataDir, 120_000);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^Resumed .* → postgres:\/\/sift_test:\*\*\*@/u);
      expect(human.stdout).toMatch(/document_chunks\s+(\d+)\s+\1\s+0/u);
      expect(human.stdout).toMatch(/vector searches compared — identical/u);

      // Rows lost in the target: the verification names the table and exits 1.
      const pool = createPgPool(args[1]!, { max: 1 });
      try {
        await pool.query('DELETE FROM search_queries');
      } finally {
        await pool.end();
      }
      const broken = await runSift(['migrate-data', ...args, '--resume'], dataDir, 120_000);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(/✗ search_queries: 1 rows in the source, 0 in the target/u);
      expect(broken.stderr).toMatch(
        /verification failed: search_queries: 1 rows in the source, 0 in the target/u,
      );
    });

    it('fails with the flag named when a target is unreachable', async () => {
      const args = await target();
      args[1] = 'postgres://sift_test:hunter2@127.0.0.1:9/sift';

      const run = await runSift(['migrate-data', ...args], dataDir);

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /cannot reach PostgreSQL at postgres:\/\/sift_test:\*\*\*@127\.0\.0\.1:9\/sift \(--to\)/u,
      );
      expect(run.stderr).not.toContain('hunter2');
      expect(run.stderr).toContain('[MIGRATE_DATA_TARGET_UNREACHABLE]');
    });
  },
);
