import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkReadiness } from './readiness.js';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig } from './test-support.js';

describe('checkReadiness', () => {
  let runtime: SiftRuntime;
  let cleanup: () => Promise<void>;
  async function open(env: Record<string, string>) {
    const temp = await tempConfig(env);
    cleanup = temp.cleanup;
    runtime = await createRuntime(temp.config);
  }
  afterEach(async () => {
    await runtime.close();
    await cleanup();
  });

  it('is ready with a writable database, room on disk and running workers', async () => {
    await open({});
    await runtime.startWorkers();
    const report = await checkReadiness(runtime);
    expect(report.ready).toBe(true);
    expect(report.checks.database).toEqual({ ok: true, engine: 'sqlite', latencyMs: expect.any(Number) });
    // Embedded: the queue and the vectors live in the same database, whose check stands for them.
    expect(report.checks.queue).toEqual({ ok: true, engine: 'sqlite', latencyMs: expect.any(Number) });
    expect(report.checks.vectors).toMatchObject({ ok: true, engine: 'sqlite' });
    expect(report.checks.disk).toMatchObject({ ok: true, minFreeMb: 256 });
    expect(report.checks.workers.ok).toBe(true);
  });

  it('fails the database check with the error when a test write fails', async () => {
    await open({ SIFT_WORKERS: 'false' });
    vi.spyOn(runtime.metadata, 'checkWritable').mockRejectedValueOnce(
      new Error('attempt to write a readonly database'),
    );
    const report = await checkReadiness(runtime);
    expect(report.ready).toBe(false);
    expect(report.checks.database).toMatchObject({
      ok: false,
      error: 'attempt to write a readonly database',
    });
    expect(report.checks.disk.ok).toBe(true);
  });

  it('fails on a backend that lives apart and does not answer, naming it', async () => {
    await open({ SIFT_WORKERS: 'false' });
    // What the scale-out composition installs for a Redis queue; here the probe fails as an unreachable one does.
    runtime.stores.engines.queue = 'redis';
    runtime.stores.probes.queue = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:6390');
    };
    const report = await checkReadiness(runtime);
    expect(report.ready).toBe(false);
    expect(report.checks.queue).toEqual({
      ok: false,
      engine: 'redis',
      latencyMs: expect.any(Number),
      error: 'connect ECONNREFUSED 127.0.0.1:6390',
    });
    expect(report.checks.database.ok).toBe(true);
  });

  it('fails the workers check when the pool has stopped', async () => {
    await open({});
    const pool = await runtime.startWorkers();
    await pool.stop({ graceMs: 0 });
    const report = await checkReadiness(runtime);
    expect(report.checks.workers).toEqual({ ok: false, detail: 'worker loop is not running or has stalled' });
  });

  it('stays ready without workers in this process, and reports the worker processes seen', async () => {
    await open({ SIFT_WORKERS: 'false', SIFT_QUEUE_LEASE_MS: '5000' });
    expect((await checkReadiness(runtime)).checks.workers).toEqual({
      ok: true,
      detail: 'disabled in this process; 0 worker process(es) seen within 10s',
    });
    const now = new Date().toISOString();
    await runtime.queue.registerWorker({
      id: 'w1',
      pid: 1,
      hostname: 'h',
      queues: ['default'],
      startedAt: now,
    });
    const report = await checkReadiness(runtime);
    expect(report.ready).toBe(true);
    expect(report.checks.workers.detail).toBe(
      'disabled in this process; 1 worker process(es) seen within 10s',
    );
  });
});
