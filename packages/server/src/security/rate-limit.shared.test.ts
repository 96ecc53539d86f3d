import { createRedisConnection } from '@sift/adapter-redis';
import { redisAvailable, TEST_REDIS_URL } from '@sift/adapter-redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const available = await redisAvailable();

async function clearCounters(): Promise<void> {
  const redis = await createRedisConnection(TEST_REDIS_URL);
  try {
    const keys = await redis.keys('sift:rate-limit:*');
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

// Skipped without a Redis server (#14); CI starts one and sets SIFT_TEST_REQUIRE_SERVICES=1.
describe.skipIf(!available)('rate limits shared by API nodes through Redis (needs Redis, #14)', () => {
  const nodes: TestServer[] = [];
  beforeAll(async () => {
    await clearCounters();
    for (let i = 0; i < 2; i++) {
      nodes.push(
        await startTestServer({
          env: { SIFT_AUTH: 'on', SIFT_REDIS_URL: TEST_REDIS_URL, SIFT_RATE_LIMIT_PER_MINUTE: '4' },
        }),
      );
    }
  }, 60_000);
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await clearCounters();
  });

  it('counts a caller once across nodes: its fifth request in a minute is refused on either', async () => {
    const [a, b] = nodes as [TestServer, TestServer];
    const statuses: number[] = [];
    for (const node of [a, b, a, b]) statuses.push((await fetch(`${node.url}/api/v1/auth/status`)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const refused = await fetch(`${a.url}/api/v1/auth/status`);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { code: string }).code).toBe('RATE_LIMITED');
    expect((await fetch(`${b.url}/api/v1/auth/status`)).status).toBe(429);
  });
});
