import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisConnection } from './redis-connection.js';
import { RedisJobQueue } from './redis-job-queue.adapter.js';
import {
  createTestRedis,
  redisAvailable,
  testPrefix,
  TEST_REDIS_URL,
  type TestRedis,
} from './testing/redis-test.js';

const available = await redisAvailable();
const ALL_QUEUES = ['high', 'default', 'low', 'maintenance'] as const;

/** What the contract suite cannot see: long histories, uniqueKeys across queues, connections and prefixes. */
describe.skipIf(!available)('RedisJobQueue (needs Redis, #14)', () => {
  let test: TestRedis;
  let queue: RedisJobQueue;

  beforeEach(async () => {
    test = await createTestRedis();
    queue = new RedisJobQueue(test.redis, { prefix: test.prefix });
  });

  afterEach(() => test.cleanup());

  it('pages a selective filter through a history longer than one scan of the list script', async () => {
    const needles: string[] = [];
    for (let i = 0; i < 2_600; i++) {
      const documentId = i === 0 || i === 1_300 ? 'needle' : `hay-${i}`;
      const task = await queue.enqueue({ type: 't', queue: 'low', payload: i, documentId });
      if (documentId === 'needle') needles.unshift(task.id);
    }
    const first = await queue.list({ documentId: 'needle', limit: 1 });
    expect(first.items.map((t) => t.id)).toEqual([needles[0]]);
    const second = await queue.list({
      documentId: 'needle',
      limit: 1,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((t) => t.id)).toEqual([needles[1]]);
    expect(second.nextCursor).toBeNull();
    expect((await queue.list({ documentId: 'nothing' })).items).toEqual([]);
  });

  it('lets one task hold a uniqueKey across all queues', async () => {
    const high = await queue.enqueue({ type: 't', queue: 'high', payload: null, uniqueKey: 'k' });
    expect((await queue.enqueue({ type: 't', queue: 'low', payload: null, uniqueKey: 'k' })).id).toBe(
      high.id,
    );
  });

  it('shares one queue between connections and keeps queues of other prefixes apart', async () => {
    const other = await createRedisConnection(TEST_REDIS_URL);
    const otherPrefix = testPrefix();
    try {
      const sameQueue = new RedisJobQueue(other, { prefix: test.prefix });
      const elsewhere = new RedisJobQueue(other, { prefix: otherPrefix });
      const task = await queue.enqueue({ type: 't', queue: 'low', payload: { n: 1 } });
      expect(await elsewhere.claim({ workerId: 'we', queues: ALL_QUEUES, leaseMs: 60_000 })).toBeNull();
      expect(await elsewhere.get(task.id)).toBeNull();
      expect(await sameQueue.claim({ workerId: 'wb', queues: ['low'], leaseMs: 60_000 })).toMatchObject({
        id: task.id,
      });
      expect(await queue.claim({ workerId: 'wa', queues: ['low'], leaseMs: 60_000 })).toBeNull();
      expect(await sameQueue.complete(task.id, 'wb', 'ok')).toBe(true);
      expect(await queue.get(task.id)).toMatchObject({ status: 'succeeded', result: 'ok' });
    } finally {
      await other.quit();
    }
  });

  it('stamps times from the injected clock, while the lease itself expires on the Redis clock', async () => {
    const now = Date.parse('2030-01-01T00:00:00.000Z');
    const clocked = new RedisJobQueue(test.redis, { prefix: test.prefix, now: () => now });
    const task = await clocked.enqueue({ type: 't', queue: 'default', payload: null });
    expect(task.runAfter).toBe('2030-01-01T00:00:00.000Z');
    const claimed = await clocked.claim({ workerId: 'w1', queues: ALL_QUEUES, leaseMs: 500 });
    expect(claimed).toMatchObject({
      leaseUntil: '2030-01-01T00:00:00.500Z',
      startedAt: '2030-01-01T00:00:00.000Z',
    });
    const ttl = await test.redis.pttl(`${test.prefix}:default:${task.id}:lock`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(500);
  });
});
