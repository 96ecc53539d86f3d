import { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisJobQueue } from './redis-job-queue.adapter.js';
import { createTestRedis, redisAvailable, type TestRedis } from './testing/redis-test.js';

const available = await redisAvailable();

/**
 * Sift's tasks are BullMQ jobs: BullMQ's own Queue reads them (name, data, state, attempts, result, reason),
 * and a lease is BullMQ's job lock, so BullMQ tooling (Bull Board, `Queue#getJobCounts`) sees the queue as
 * it is, and BullMQ's lock primitive acts on Sift's leases.
 */
describe.skipIf(!available)('RedisJobQueue in BullMQ terms (needs Redis, #14)', () => {
  let test: TestRedis;
  let queue: RedisJobQueue;
  let bull: Queue;

  beforeEach(async () => {
    test = await createTestRedis();
    queue = new RedisJobQueue(test.redis, { prefix: test.prefix });
    bull = new Queue('default', { connection: test.redis, prefix: test.prefix });
  });

  afterEach(async () => {
    await bull.close();
    await test.cleanup();
  });

  it('stores a task as a BullMQ job that BullMQ reads through every state', async () => {
    const task = await queue.enqueue({ type: 'document.process', queue: 'default', payload: { doc: 'd1' } });
    const waiting = await bull.getJob(task.id);
    expect(waiting).toMatchObject({ id: task.id, name: 'document.process', data: { doc: 'd1' } });
    expect(waiting?.opts.attempts).toBe(3);
    expect(await bull.getJobState(task.id)).toBe('delayed');

    await queue.claim({ workerId: 'w1', queues: ['default'], leaseMs: 60_000 });
    expect(await bull.getJobState(task.id)).toBe('active');
    expect(await test.redis.get(`${test.prefix}:default:${task.id}:lock`)).toBe('w1');
    expect((await bull.getJob(task.id))?.attemptsStarted).toBe(1);

    await queue.complete(task.id, 'w1', { chunks: 3 });
    const done = await bull.getJob(task.id);
    expect(await bull.getJobState(task.id)).toBe('completed');
    expect(done?.returnvalue).toEqual({ chunks: 3 });
    expect(done?.finishedOn).toBe(Date.parse((await queue.get(task.id))?.finishedAt ?? ''));
    expect(await bull.getJobCounts('completed', 'active', 'prioritized')).toEqual({
      completed: 1,
      active: 0,
      prioritized: 0,
    });
  });

  it('keeps a dead letter in BullMQ failed set with its reason, apart from failed tasks in Sift', async () => {
    const dead = await queue.enqueue({ type: 't', queue: 'default', payload: null });
    await queue.claim({ workerId: 'w1', queues: ['default'], leaseMs: 60_000 });
    await queue.fail(
      dead.id,
      'w1',
      { code: 'E', message: 'gave up', retryable: true },
      { finalStatus: 'dead' },
    );
    expect(await bull.getJobState(dead.id)).toBe('failed');
    expect((await bull.getJob(dead.id))?.failedReason).toBe('gave up');
    expect((await queue.stats()).byQueue.default).toMatchObject({ dead: 1, failed: 0 });
    expect((await queue.list({ status: ['dead'] })).items.map((t) => t.id)).toEqual([dead.id]);
  });

  it('lets BullMQ extend a lease only with the token of the worker that holds it', async () => {
    const task = await queue.enqueue({ type: 't', queue: 'default', payload: null });
    await queue.claim({ workerId: 'w1', queues: ['default'], leaseMs: 1_000 });
    const job = await bull.getJob(task.id);
    expect(await job?.extendLock('w2', 60_000)).toBe(0);
    expect(await job?.extendLock('w1', 60_000)).toBe(1);
    expect(await test.redis.pttl(`${test.prefix}:default:${task.id}:lock`)).toBeGreaterThan(30_000);
  });
});
