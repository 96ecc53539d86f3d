import { loadConfig } from '@sift/config';
import { isAppError } from '@sift/core';
import { describe, expect, it } from 'vitest';
import { servingQueues } from './worker-options.js';

describe('servingQueues (sift worker --queues)', () => {
  const config = loadConfig({ SIFT_QUEUE_CONCURRENCY_DEFAULT: '3', SIFT_QUEUE_CONCURRENCY_HIGH: '0' });

  it('keeps the named queues’ slots (at least one) and gives the others none', () => {
    const served = servingQueues(config, ['high', 'default']);
    expect(served.workers.concurrency).toEqual({ high: 1, default: 3, low: 0, maintenance: 0 });
    // Everything else is the same config.
    expect(served.dataDir).toBe(config.dataDir);
    expect(config.workers.concurrency.low).toBe(1);
  });

  it('refuses unknown queue names with INVALID_QUEUES, naming them', () => {
    let error: unknown;
    try {
      servingQueues(config, ['default', 'urgent']);
    } catch (err) {
      error = err;
    }
    expect(isAppError(error) && error.code).toBe('INVALID_QUEUES');
    expect((error as Error).message).toMatch(/unknown: urgent/);
    expect(() => servingQueues(config, [])).toThrow(/comma-separated list/);
  });
});
