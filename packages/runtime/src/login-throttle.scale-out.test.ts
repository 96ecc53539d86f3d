import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FREE_FAILURES, type RequestOrigin } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPgTarget,
  createTestRedisDb,
  migrateTargetsAvailable,
} from './migrate-data-test-support.js';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig } from './test-support.js';

const available = await migrateTargetsAvailable();

/**
 * The login throttle on the scale-out shape: two API nodes on one PostgreSQL and one Redis count failed
 * sign-ins together, so guesses spread over the nodes are throttled as if they hit one.
 */
describe.skipIf(!available)('login throttle across nodes (needs PostgreSQL and Redis, #14)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  const nodes: SiftRuntime[] = [];

  beforeAll(async () => {
    const pg = await createTestPgTarget();
    cleanups.push(() => pg.cleanup());
    const redis = await createTestRedisDb();
    cleanups.push(() => redis.cleanup());
    const shared = await mkdtemp(path.join(tmpdir(), 'sift-throttle-blobs-'));
    cleanups.push(() => rm(shared, { recursive: true, force: true }));
    for (let i = 0; i < 2; i++) {
      const t = await tempConfig({
        SIFT_EMBEDDER: 'none',
        SIFT_DATABASE_URL: pg.url,
        SIFT_REDIS_URL: redis.url,
        SIFT_BLOB_DIR: shared,
        SIFT_SHUTDOWN_GRACE_MS: '0',
      });
      const node = await createRuntime(t.config);
      nodes.push(node);
      cleanups.push(async () => {
        await node.close();
        await t.cleanup();
      });
    }
  }, 60_000);

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('throttles an account on every node once the failures on both add up', async () => {
    const [a, b] = nodes as [SiftRuntime, SiftRuntime];
    const origin: RequestOrigin = { ip: '198.51.100.4', userAgent: null, requestId: null };
    const email = `victim-${Date.now()}@example.com`;
    for (let i = 0; i < FREE_FAILURES; i++) {
      const node = i % 2 === 0 ? a : b;
      await expect(node.identity.auth.login(email, 'wrong-password-1', origin)).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    }
    for (const node of [a, b]) {
      await expect(node.identity.auth.login(email, 'wrong-password-1', origin)).rejects.toMatchObject({
        code: 'LOGIN_THROTTLED',
      });
    }
  }, 60_000);
});
