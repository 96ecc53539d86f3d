import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisConnection } from '../redis-connection.js';

/**
 * The Redis server tests run against: `scripts/test-services.sh start` starts one at this URL. Without a
 * reachable server the Redis suites are skipped (see `redisAvailable`), unless SIFT_TEST_REQUIRE_SERVICES=1
 * (CI), where a missing server fails them.
 */
export const TEST_REDIS_URL = process.env.SIFT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when the test server answers; throws instead when services are required (CI). */
export async function redisAvailable(): Promise<boolean> {
  try {
    const redis = await createRedisConnection(TEST_REDIS_URL, { connectTimeoutMs: 2_000 });
    redis.disconnect();
    return true;
  } catch (err) {
    if (process.env.SIFT_TEST_REQUIRE_SERVICES === '1') {
      throw new Error(`Redis at ${TEST_REDIS_URL} is required (SIFT_TEST_REQUIRE_SERVICES=1)`, {
        cause: err,
      });
    }
    return false;
  }
}

/** A key prefix of its own for one test: tests in parallel never see each other's keys. */
export function testPrefix(): string {
  return `sift-test-${randomBytes(6).toString('hex')}`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS: the server may be shared). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

export interface TestRedis {
  redis: Redis;
  prefix: string;
  /** Deletes the test's keys and closes the connection. */
  cleanup(): Promise<void>;
}

/** A connection and a fresh prefix for one test. */
export async function createTestRedis(): Promise<TestRedis> {
  const redis = await createRedisConnection(TEST_REDIS_URL);
  const prefix = testPrefix();
  return {
    redis,
    prefix,
    cleanup: async () => {
      await deleteKeys(redis, prefix);
      await redis.quit();
    },
  };
}
