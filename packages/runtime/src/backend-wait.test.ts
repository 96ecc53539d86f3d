import { isAppError } from '@sift/core';
import { describe, expect, it } from 'vitest';
import { waitForBackend } from './backend-wait.js';

describe('waitForBackend', () => {
  it('retries with growing delays, logging the backend, until it answers', async () => {
    let calls = 0;
    const slept: number[] = [];
    const warnings: unknown[] = [];
    const logger = { warn: (fields: unknown) => warnings.push(fields) } as never;
    const answer = await waitForBackend(
      'Redis',
      'SIFT_REDIS_URL',
      'redis://cache:6379/',
      async () => {
        if (++calls < 3) throw new Error('connect ECONNREFUSED');
        return 'connected';
      },
      { totalMs: 60_000, logger, sleep: async (ms) => void slept.push(ms) },
    );
    expect(answer).toBe('connected');
    expect(slept).toEqual([500, 1000]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ backend: 'Redis', attempt: 1, err: 'connect ECONNREFUSED' });
  });

  it('gives up past the deadline with BACKEND_UNAVAILABLE naming the variable, never the password', async () => {
    let error: unknown;
    try {
      await waitForBackend(
        'PostgreSQL',
        'SIFT_DATABASE_URL',
        'postgres://sift:***@db:5432/sift',
        async () => {
          throw new Error('password authentication failed for user "sift"');
        },
        { totalMs: 0, sleep: async () => undefined },
      );
    } catch (err) {
      error = err;
    }
    expect(isAppError(error) && error.code).toBe('BACKEND_UNAVAILABLE');
    const message = (error as Error).message;
    expect(message).toMatch(/check SIFT_DATABASE_URL/);
    expect(message).toMatch(/password authentication failed/);
    expect(message).toContain('postgres://sift:***@db:5432/sift');
  });
});

describe('waitForBackend onAttempt', () => {
  it('reports each failure with its attempt and the final success', async () => {
    const outcomes: unknown[] = [];
    let calls = 0;
    await waitForBackend(
      'Chroma',
      'SIFT_VECTOR_URL',
      'http://chroma:8000/',
      async () => {
        if (++calls < 2) throw new Error('down');
        return true;
      },
      { totalMs: 60_000, sleep: async () => undefined, onAttempt: (o) => outcomes.push(o) },
    );
    expect(outcomes).toMatchObject([{ ok: false, attempt: 1 }, { ok: true }]);
  });
});
