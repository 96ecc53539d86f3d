import { describeJobQueue, describeWorkerPool } from '@sift/contract-tests';
import { describe } from 'vitest';
import { RedisJobQueue } from './redis-job-queue.adapter.js';
import { createTestRedis, redisAvailable } from './testing/redis-test.js';

const available = await redisAvailable();

// Each test gets a key prefix of its own (BullMQ's `prefix`), and its keys are deleted afterwards.
const redisQueue = async () => {
  const test = await createTestRedis();
  return { queue: new RedisJobQueue(test.redis, { prefix: test.prefix }), cleanup: () => test.cleanup() };
};

describe.skipIf(!available)('Redis JobQueue (needs Redis, #14)', () => {
  describeJobQueue('redis', redisQueue);
  describeWorkerPool('redis', redisQueue);
});
