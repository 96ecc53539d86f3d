import { WorkerPool } from '@sift/core';
import { waitFor } from '@sift/contract-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteJobQueue } from './sqlite-job-queue.adapter.js';
import { createEffectTables, effectHandler, type CrashJobs } from './testing/crash-effects.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';
import { spawnWorkerProcess, type WorkerProcess } from './testing/worker-process.js';

/**
 * Real worker processes on one SQLite file: a worker killed mid-job loses its task to another after the lease,
 * and competing workers never run a task twice. This is the at-least-once delivery, at-most-once completion
 * promise of the JobQueue port, proven across processes rather than between objects in one.
 */
describe('SqliteJobQueue across worker processes', () => {
  let temp: TempDatabase;
  let queue: SqliteJobQueue;
  const workers: WorkerProcess[] = [];
  const pools: WorkerPool<CrashJobs>[] = [];
  const scalar = (sql: string) => (temp.db.prepare(sql).get() as { n: number }).n;

  beforeEach(() => {
    temp = createTempDatabase();
    createEffectTables(temp.db);
    queue = new SqliteJobQueue(temp.db);
  });

  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.stop({ graceMs: 1_000 });
    for (const worker of workers.splice(0)) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
    temp.cleanup();
  });

  const spawnWorker = (workerId: string, mode: 'hang' | 'work', leaseMs = 1_000) => {
    const worker = spawnWorkerProcess(temp.file, workerId, mode, leaseMs);
    workers.push(worker);
    return worker;
  };

  it('reruns the task of a worker killed mid-job in another worker, with its effect applied once', async () => {
    const { id } = await queue.enqueue({
      type: 'effect',
      queue: 'default',
      payload: { n: 1 },
      maxAttempts: 3,
    });
    const doomed = spawnWorker('doomed', 'hang');
    await doomed.waitForLine(new RegExp(`^EFFECT ${id}$`));
    doomed.child.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expect(await queue.get(id)).toMatchObject({ status: 'running', workerId: 'doomed', attempts: 1 });

    const rescuer = new WorkerPool<CrashJobs>(
      queue,
      { effect: effectHandler(temp.db, 'rescuer', async () => {}) },
      { workerId: 'rescuer', concurrency: { default: 1 }, leaseMs: 1_000, pollIntervalMs: 20 },
    );
    pools.push(rescuer);
    await rescuer.start();
    const done = await waitFor(
      async () => ((await queue.get(id))?.status === 'succeeded' ? queue.get(id) : null),
      {
        what: 'the rescuer to finish the task after the lease expired',
      },
    );

    expect(done).toMatchObject({ attempts: 2, workerId: 'rescuer', result: { by: 'rescuer' } });
    expect(temp.db.prepare('SELECT worker_id FROM runs ORDER BY seq').all()).toEqual([
      { worker_id: 'doomed' },
      { worker_id: 'rescuer' },
    ]);
    expect(scalar('SELECT count(*) AS n FROM effects')).toBe(1);
  });

  it('lets two competing worker processes run each of 40 tasks exactly once', async () => {
    const a = spawnWorker('worker-a', 'work');
    const b = spawnWorker('worker-b', 'work');
    await Promise.all([a.waitForLine(/^READY$/), b.waitForLine(/^READY$/)]);
    for (let n = 0; n < 40; n++) await queue.enqueue({ type: 'effect', queue: 'default', payload: { n } });

    await waitFor(async () => (await queue.stats()).byQueue.default.succeeded === 40, {
      timeoutMs: 20_000,
      what: '40 tasks to succeed',
    });
    for (const worker of [a, b]) worker.child.kill('SIGTERM');
    expect((await Promise.all([a.exited, b.exited])).map((e) => e.code)).toEqual([0, 0]);

    expect(scalar('SELECT count(*) AS n FROM runs')).toBe(40);
    expect(scalar('SELECT count(DISTINCT task_id) AS n FROM runs')).toBe(40);
    expect(scalar('SELECT count(*) AS n FROM effects')).toBe(40);
    expect(scalar(`SELECT count(*) AS n FROM tasks WHERE status = 'succeeded' AND attempts = 1`)).toBe(40);
    const byWorker = temp.db
      .prepare('SELECT worker_id FROM runs GROUP BY worker_id ORDER BY worker_id')
      .all();
    expect(byWorker).toEqual([{ worker_id: 'worker-a' }, { worker_id: 'worker-b' }]);
    expect((await queue.stats()).workers).toEqual([]);
  });
});
