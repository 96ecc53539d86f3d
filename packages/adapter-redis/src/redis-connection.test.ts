import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRedisConnection } from './redis-connection.js';
import { redisAvailable, TEST_REDIS_URL } from './testing/redis-test.js';

const available = await redisAvailable();

/** A port with nothing listening on it: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createRedisConnection', () => {
  it.each(['postgres://127.0.0.1:5432/sift', 'not a url', 'redis://'])(
    'refuses %s with REDIS_URL_INVALID naming SIFT_REDIS_URL',
    async (url) => {
      await expect(createRedisConnection(url)).rejects.toMatchObject({
        code: 'REDIS_URL_INVALID',
        category: 'system',
        message: expect.stringContaining('SIFT_REDIS_URL'),
      });
    },
  );

  it('fails fast with REDIS_UNAVAILABLE, naming SIFT_REDIS_URL and hiding the password, when nothing listens', async () => {
    const port = await closedPort();
    const error = await createRedisConnection(`redis://:s3cret@127.0.0.1:${port}`, {
      connectTimeoutMs: 1_000,
    }).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'REDIS_UNAVAILABLE', category: 'system' });
    expect((error as Error).message).toContain('SIFT_REDIS_URL');
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it.skipIf(!available)('connects to a running server (needs Redis, #14)', async () => {
    const redis = await createRedisConnection(TEST_REDIS_URL);
    try {
      expect(await redis.ping()).toBe('PONG');
    } finally {
      await redis.quit();
    }
  });

  it.skipIf(!available)(
    'reports a server that refuses the credentials as REDIS_UNAVAILABLE (needs Redis, #14)',
    async () => {
      const url = new URL(TEST_REDIS_URL);
      url.username = 'no-such-user';
      url.password = 'wrong';
      await expect(createRedisConnection(url.toString())).rejects.toMatchObject({
        code: 'REDIS_UNAVAILABLE',
        message: expect.stringMatching(/SIFT_REDIS_URL.*WRONGPASS/),
      });
    },
  );
});
