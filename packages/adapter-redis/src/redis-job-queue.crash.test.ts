import { WorkerPool } from '@sift/core';
import { waitFor } from '@sift/contract-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisJobQueue } from './redis-job-queue.adapter.js';
import { effectHandler, effectKeys, type CrashJobs } from './testing/crash-effects.js';
import { spawnFixture, stopFixture, type FixtureProcess } from './testing/child-process.js';
import { createTestRedis, redisAvailable, TEST_REDIS_URL, type TestRedis } from './testing/redis-test.js';

const available = await redisAvailable();

/**
 * Real worker processes on one Redis: a worker killed mid-job loses its task to another once its lease (the
 * BullMQ lock) expires, and competing workers never run a task twice. The at-least-once delivery,
 * at-most-once completion promise of the JobQueue port, proven across processes.
 */
describe.skipIf(!available)('RedisJobQueue across worker processes (needs Redis, #14)', () => {
  let test: TestRedis;
  let queue: RedisJobQueue;
  const workers: FixtureProcess[] = [];
  const pools: WorkerPool<CrashJobs>[] = [];

  beforeEach(async () => {
    test = await createTestRedis();
    queue = new RedisJobQueue(test.redis, { prefix: test.prefix });
  });

  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.stop({ graceMs: 1_000 });
    for (const worker of workers.splice(0)) await stopFixture(worker);
    await test.cleanup();
  });

  const spawnWorker = (workerId: string, mode: 'hang' | 'work', leaseMs = 1_000) => {
    const worker = spawnFixture('crash-worker.fixture.ts', [
      TEST_REDIS_URL,
      test.prefix,
      workerId,
      mode,
      String(leaseMs),
    ]);
    workers.push(worker);
    return worker;
  };
  const runs = async () =>
    (await test.redis.lrange(effectKeys(test.prefix).runs, 0, -1)).map((r) => r.split(' '));

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
      { effect: effectHandler(test.redis, test.prefix, 'rescuer', async () => {}) },
      { workerId: 'rescuer', concurrency: { default: 1 }, leaseMs: 1_000, pollIntervalMs: 20 },
    );
    pools.push(rescuer);
    await rescuer.start();
    const done = await waitFor(
      async () => ((await queue.get(id))?.status === 'succeeded' ? queue.get(id) : null),
      { what: 'the rescuer to finish the task after the lease expired' },
    );

    expect(done).toMatchObject({
      attempts: 2,
      interruptions: 1,
      workerId: 'rescuer',
      result: { by: 'rescuer' },
      error: { code: 'TASK_LEASE_EXPIRED' },
    });
    expect(await runs()).toEqual([
      [id, 'doomed'],
      [id, 'rescuer'],
    ]);
    expect(await test.redis.hgetall(effectKeys(test.prefix).effects)).toEqual({ [id]: 'doomed' });
  });

  it('lets two competing worker processes run each of 40 tasks exactly once', async () => {
    const a = spawnWorker('worker-a', 'work');
    const b = spawnWorker('worker-b', 'work');
    await Promise.all([a.waitForLine(/^READY$/), b.waitForLine(/^READY$/)]);
    const ids: string[] = [];
    for (let n = 0; n < 40; n++)
      ids.push((await queue.enqueue({ type: 'effect', queue: 'default', payload: { n } })).id);

    await waitFor(async () => (await queue.stats()).byQueue.default.succeeded === 40, {
      timeoutMs: 20_000,
      what: '40 tasks to succeed',
    });
    for (const worker of [a, b]) worker.child.kill('SIGTERM');
    expect((await Promise.all([a.exited, b.exited])).map((e) => e.code)).toEqual([0, 0]);

    const executions = await runs();
    expect(executions).toHaveLength(40);
    expect(new Set(executions.map(([id]) => id))).toEqual(new Set(ids));
    expect(Object.keys(await test.redis.hgetall(effectKeys(test.prefix).effects))).toHaveLength(40);
    const tasks = (await queue.list({ limit: 100 })).items;
    expect(tasks.filter((t) => t.status === 'succeeded' && t.attempts === 1)).toHaveLength(40);
    expect(new Set(executions.map(([, worker]) => worker))).toEqual(new Set(['worker-a', 'worker-b']));
    expect((await queue.stats()).workers).toEqual([]);
  });
});
