import { QUEUE_NAMES, TASK_STATUSES } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runSift, spawnSift, tempDirs } from '../testing/run-sift.js';

describe('sift status', { timeout: 60_000 }, () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  it('prints the status of a fresh data dir as JSON: empty queues, no workers, no blobs', async () => {
    const dataDir = await dirs.make('sift-cli-status-');

    const run = await runSift(['status', '--json'], dataDir);

    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as {
      version: string;
      data_dir: string;
      data_dir_bytes: number;
      blobs: { count: number; bytes: number };
      queues: Record<string, Record<string, number>>;
      workers: unknown[];
      in_process_workers: unknown;
      embedder: unknown;
    };
    expect(status).toMatchObject({
      version: expect.any(String),
      data_dir: dataDir,
      blobs: { count: 0, bytes: 0 },
      workers: [],
      in_process_workers: null,
      // SIFT_EMBEDDER=auto over an empty models dir, downloads off (the test runs' default).
      embedder: {
        engine: 'use-lite',
        model: 'use-lite',
        reason: expect.stringContaining('downloads are off'),
      },
    });
    // The database was created and migrated by the command itself.
    expect(status.data_dir_bytes).toBeGreaterThan(0);
    expect(Object.keys(status.queues).sort()).toEqual([...QUEUE_NAMES].sort());
    for (const queue of QUEUE_NAMES) {
      expect(status.queues[queue]).toEqual(Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])));
    }
  });

  it('prints a table for humans without --json', async () => {
    const dataDir = await dirs.make('sift-cli-status-');

    const run = await runSift(['status'], dataDir);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Data dir  ${dataDir}`);
    expect(run.stdout).toContain(
      'Embedder  use-lite — no real model in SIFT_MODELS_DIR and downloads are off',
    );
    for (const queue of QUEUE_NAMES) expect(run.stdout).toMatch(new RegExp(`^${queue}\\s+0`, 'm'));
    expect(run.stdout).toContain('none running');
  });

  it('forgets the worker of a killed `sift ingest --watch` instead of listing it as running', async () => {
    const dataDir = await dirs.make('sift-cli-status-');
    const folder = await dirs.make('sift-cli-watch-');
    const env = { SIFT_QUEUE_LEASE_MS: '1000' };
    const watch = spawnSift(['ingest', folder, '--watch'], dataDir, env);
    const workers = async () =>
      (
        JSON.parse((await runSift(['status', '--json'], dataDir, 90_000, env)).stdout) as {
          workers: unknown[];
        }
      ).workers;
    try {
      const deadline = Date.now() + 60_000;
      while ((await workers()).length === 0) {
        if (Date.now() > deadline) throw new Error('the watching worker never registered');
      }
    } finally {
      watch.kill('SIGKILL');
    }
    // Three missed leases (3 s here) and it is gone.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(await workers()).toEqual([]);
  });
});
