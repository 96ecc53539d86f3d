import { describeLoginAttemptStore } from '@sift/contract-tests';
import { FREE_FAILURES, LoginThrottle } from '@sift/core';
import { describe, expect, it } from 'vitest';
import { createRedisConnection } from './redis-connection.js';
import { RedisLoginAttemptStore } from './redis-login-attempts.adapter.js';
import { createTestRedis, redisAvailable, TEST_REDIS_URL } from './testing/redis-test.js';

const available = await redisAvailable();

describe.skipIf(!available)('Redis LoginAttemptStore (needs Redis, #14)', () => {
  describeLoginAttemptStore('redis', async () => {
    const test = await createTestRedis();
    return { store: new RedisLoginAttemptStore(test.redis, test.prefix), cleanup: () => test.cleanup() };
  });

  it('adds up failures made through two API nodes (each with its own connection)', async () => {
    const test = await createTestRedis();
    const other = await createRedisConnection(TEST_REDIS_URL);
    try {
      const nodeA = new LoginThrottle(new RedisLoginAttemptStore(test.redis, test.prefix));
      const nodeB = new LoginThrottle(new RedisLoginAttemptStore(other, test.prefix));
      const keys = ['account:victim@example.com', 'ip:203.0.113.7'];
      // Guesses alternate between the nodes: neither alone sees FREE_FAILURES of them.
      for (let i = 0; i < FREE_FAILURES; i++) {
        const node = i % 2 === 0 ? nodeA : nodeB;
        await node.check(keys);
        await node.failed(keys);
      }
      for (const node of [nodeA, nodeB]) {
        await expect(node.check(keys)).rejects.toMatchObject({
          code: 'LOGIN_THROTTLED',
          details: { retryAfterSeconds: 1 },
        });
      }
      // A success on one node clears the account on both; the address stays blocked.
      await nodeB.succeeded('account:victim@example.com');
      await expect(nodeA.check(['account:victim@example.com'])).resolves.toBeUndefined();
      await expect(nodeA.check(['ip:203.0.113.7'])).rejects.toMatchObject({ code: 'LOGIN_THROTTLED' });
    } finally {
      other.disconnect();
      await test.cleanup();
    }
  });
});
