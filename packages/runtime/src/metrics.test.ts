import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { createPgPool } from '@sift/adapter-postgres';
import { parseScrape, seriesOf, valueOf } from '@sift/adapter-prometheus/testing';
import { noopMetrics, type JobQueue, type QueueStats } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseSizeBytes, memoryLimitBytes, registerRuntimeCollectors } from './metrics.js';
import {
  createTestPgTarget,
  createTestRedisDb,
  migrateTargetsAvailable,
} from './migrate-data-test-support.js';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { getSystemStatus } from './system-status.js';
import { tempConfig } from './test-support.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function runtimeWith(env: Record<string, string> = {}): Promise<SiftRuntime> {
  const { config, cleanup } = await tempConfig({ SIFT_EMBEDDER: 'none', ...env });
  cleanups.push(cleanup);
  const runtime = await createRuntime(config);
  cleanups.push(() => runtime.close());
  return runtime;
}

async function scrape(runtime: SiftRuntime) {
  return parseScrape(await runtime.telemetry.exposition!.render());
}

describe('runtime metrics', () => {
  it('reads queue depth, live workers, database size, free disk, its floor and the memory limit at scrape time', async () => {
    const runtime = await runtimeWith({ SIFT_MIN_FREE_DISK_MB: '7' });
    await runtime.tasks.enqueue('system.noop', {});
    await runtime.tasks.enqueue('system.noop', {});
    await runtime.queue.registerWorker({
      id: 'w-live',
      pid: process.pid,
      hostname: os.hostname(),
      queues: ['maintenance', 'default'],
      startedAt: new Date().toISOString(),
    });
    const s = await scrape(runtime);
    const stats = await runtime.queue.stats();
    for (const [queue, byStatus] of Object.entries(stats.byQueue))
      for (const [status, n] of Object.entries(byStatus))
        expect(valueOf(s, 'sift_queue_tasks', { queue, status }), `${queue}/${status}`).toBe(n);
    expect(valueOf(s, 'sift_queue_tasks', { status: 'pending' })).toBe(2);
    expect(valueOf(s, 'sift_workers', { queue: 'maintenance' })).toBe(1);
    expect(valueOf(s, 'sift_workers', { queue: 'default' })).toBe(1);
    expect(valueOf(s, 'sift_workers', { queue: 'high' })).toBe(0);
    // SQLite: the database file and its WAL.
    expect(valueOf(s, 'sift_database_size_bytes')).toBeGreaterThan(4096);
    expect(valueOf(s, 'sift_disk_free_bytes')).toBeGreaterThan(0);
    expect(valueOf(s, 'sift_disk_free_floor_bytes')).toBe(7 * 1024 * 1024);
    const limit = valueOf(s, 'sift_memory_limit_bytes');
    expect(limit).toBeGreaterThan(0);
    expect(limit).toBeLessThanOrEqual(os.totalmem());
    expect(valueOf(s, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('does not count a worker that stopped heart-beating', async () => {
    const runtime = await runtimeWith({ SIFT_QUEUE_LEASE_MS: '1000' });
    await runtime.queue.registerWorker({
      id: 'w-gone',
      pid: 1,
      hostname: 'elsewhere',
      queues: ['default'],
      startedAt: new Date().toISOString(),
    });
    expect(valueOf(await scrape(runtime), 'sift_workers', { queue: 'default' })).toBe(1);
    // Two leases without a heartbeat: killed without unregistering. (Scrapes are cached for 5 s, so a
    // fresh collector registration reads the queue again.)
    await new Promise((r) => setTimeout(r, 2_100));
    const fresh = await import('@sift/adapter-prometheus').then(
      (m) => new m.PrometheusMetrics({ strict: true }),
    );
    registerRuntimeCollectors(fresh, fresh, {
      config: runtime.config,
      queue: runtime.queue,
      databaseEngine: 'sqlite',
    });
    const s = parseScrape(await fresh.render());
    expect(valueOf(s, 'sift_workers', { queue: 'default' })).toBe(0);
    expect(seriesOf(s, 'sift_workers')).toHaveLength(4);
  });

  it('reuses collector results for a few seconds, and retries a failed collection at the next scrape', async () => {
    const runtime = await runtimeWith();
    const { PrometheusMetrics } = await import('@sift/adapter-prometheus');
    const errors: string[] = [];
    const metrics = new PrometheusMetrics({
      processMetrics: false,
      onError: (err) => errors.push((err as Error).message),
    });
    let reads = 0;
    let failNext = true;
    const queue = {
      stats: async (): Promise<QueueStats> => {
        reads += 1;
        if (failNext) {
          failNext = false;
          throw new Error('queue unreachable');
        }
        return runtime.queue.stats();
      },
    } as unknown as JobQueue;
    registerRuntimeCollectors(
      metrics,
      metrics,
      { config: runtime.config, queue, databaseEngine: 'sqlite' },
      60_000,
    );
    const first = parseScrape(await metrics.render());
    expect(errors).toEqual(['queue unreachable']);
    expect(seriesOf(first, 'sift_queue_tasks')).toHaveLength(0);
    // The scrape still served the other gauges.
    expect(valueOf(first, 'sift_disk_free_bytes')).toBeGreaterThan(0);
    await metrics.render();
    await Promise.all([metrics.render(), metrics.render(), metrics.render()]);
    expect(reads).toBe(2);
    expect(seriesOf(parseScrape(await metrics.render()), 'sift_queue_tasks').length).toBeGreaterThan(0);
  });

  it('records nothing and exposes nothing with SIFT_METRICS=false', async () => {
    const runtime = await runtimeWith({ SIFT_METRICS: 'false' });
    expect(runtime.telemetry.exposition).toBeNull();
    expect(runtime.telemetry.metrics).toBe(noopMetrics);
  });

  it('reads the memory limit from cgroup v2 memory.max, else physical memory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sift-cgroup-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'memory.max');
    await writeFile(file, '536870912\n');
    expect(await memoryLimitBytes(file)).toBe(Math.min(536_870_912, os.totalmem()));
    await writeFile(file, 'max\n');
    expect(await memoryLimitBytes(file)).toBe(os.totalmem());
    expect(await memoryLimitBytes(path.join(dir, 'absent'))).toBe(os.totalmem());
  });

  it('reports the PostgreSQL database size and Redis queue depth in the scale-out shape', async (ctx) => {
    if (!(await migrateTargetsAvailable())) ctx.skip(); // #15: needs PostgreSQL and Redis (see .ci/run)
    const pg = await createTestPgTarget();
    cleanups.push(() => pg.cleanup());
    const redis = await createTestRedisDb();
    cleanups.push(() => redis.cleanup());
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sift-metrics-pg-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const runtime = await runtimeWith({
      SIFT_DATABASE_URL: pg.url,
      SIFT_REDIS_URL: redis.url,
      SIFT_BLOB_DIR: path.join(dataDir, 'blobs'),
    });
    await runtime.tasks.enqueue('system.noop', {});
    const s = await scrape(runtime);
    const pool = createPgPool(pg.url, { max: 1 });
    cleanups.push(() => pool.end());
    const { rows } = await pool.query<{ bytes: string }>(
      'SELECT pg_database_size(current_database())::text AS bytes',
    );
    const size = valueOf(s, 'sift_database_size_bytes');
    // The same figure PostgreSQL reports (within what a checkpoint may add meanwhile).
    expect(Math.abs(size - Number(rows[0]!.bytes))).toBeLessThan(1024 * 1024);
    expect(size).toBeGreaterThan(1024 * 1024);
    expect(valueOf(s, 'sift_queue_tasks', { status: 'pending' })).toBe(1);
    // The system status (the admin screen) shows the same figure.
    const status = await getSystemStatus(runtime);
    expect(Math.abs(status.database_bytes! - Number(rows[0]!.bytes))).toBeLessThan(1024 * 1024);
  });

  it('knows no database size for an engine that reports none and has no SQLite file', async () => {
    const { config, cleanup } = await tempConfig();
    cleanups.push(cleanup);
    await expect(databaseSizeBytes({ config, databaseEngine: 'other' })).resolves.toBeNull();
    // A SQLite database not created yet counts 0 bytes, not an error.
    await expect(databaseSizeBytes({ config, databaseEngine: 'sqlite' })).resolves.toBe(0);
  });
});
