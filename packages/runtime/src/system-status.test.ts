import { stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { getSystemStatus } from './system-status.js';
import { tempConfig } from './test-support.js';

describe('getSystemStatus', () => {
  let runtime: SiftRuntime;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const temp = await tempConfig({ SIFT_QUEUE_LEASE_MS: '10000' });
    cleanup = temp.cleanup;
    runtime = await createRuntime(temp.config);
  });
  afterEach(async () => {
    await runtime.close();
    await cleanup();
  });

  it('counts tasks per queue and status, blobs, and every byte under the data dir', async () => {
    await runtime.tasks.enqueue('system.noop', {});
    await runtime.tasks.enqueue('system.noop', {}, { queue: 'low' });
    await runtime.blobService.store(new TextEncoder().encode('twelve bytes'));
    await writeFile(path.join(runtime.dataDir, 'extra'), Buffer.alloc(1000));

    const status = await getSystemStatus(runtime);
    expect(status.queues.maintenance.pending).toBe(1);
    expect(status.queues.low.pending).toBe(1);
    expect(status.queues.high).toEqual({
      pending: 0,
      running: 0,
      succeeded: 0,
      failed: 0,
      dead: 0,
      cancelled: 0,
    });
    expect(status.blobs).toEqual({ count: 1, bytes: 12 });
    expect(status.data_dir_bytes).toBeGreaterThan(1000 + 12);
    // The SQLite file with its WAL and shared memory, as sift_database_size_bytes reports it.
    let dbBytes = 0;
    for (const suffix of ['', '-wal', '-shm'])
      dbBytes += await stat(path.join(runtime.dataDir, `sift.db${suffix}`)).then(
        (s) => s.size,
        () => 0,
      );
    expect(status.database_bytes).toBe(dbBytes);
    expect(status.database_bytes).toBeGreaterThan(4096);
    expect(status.data_dir).toBe(runtime.dataDir);
    expect(status.in_process_workers).toBeNull();
  });

  it('lists registered workers as recent, with pid and host, and describes the in-process pool', async () => {
    await runtime.queue.registerWorker({
      id: 'w-elsewhere',
      pid: 1,
      hostname: 'h',
      queues: ['low'],
      startedAt: new Date().toISOString(),
    });
    const pool = await runtime.startWorkers();

    const status = await getSystemStatus(runtime);
    // The full status is the operator's (`sift status`); only the HTTP view leaves these out.
    expect(status.workers.find((w) => w.id === 'w-elsewhere')).toMatchObject({ pid: 1, hostname: 'h' });
    expect(status.workers.find((w) => w.id === pool.id)).toMatchObject({
      pid: process.pid,
      hostname: os.hostname(),
    });
    expect(Object.fromEntries(status.workers.map((w) => [w.id, w.recent]))).toEqual({
      [pool.id]: true,
      'w-elsewhere': true,
    });
    expect(status.in_process_workers).toEqual({ id: pool.id, alive: true, active: 0, queues: pool.queues });
  });
});
