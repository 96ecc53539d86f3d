import type { WorkerInfo } from '@sift/core';
import { describe, expect, it } from 'vitest';
import { isWorkerRecent } from './worker-liveness.js';

describe('isWorkerRecent', () => {
  const now = Date.parse('2025-01-01T12:00:00.000Z');
  const seen = (msAgo: number): WorkerInfo => ({
    id: 'w',
    pid: 1,
    hostname: 'h',
    queues: ['default'],
    startedAt: '2025-01-01T00:00:00.000Z',
    lastSeenAt: new Date(now - msAgo).toISOString(),
  });

  it('counts a worker seen within two leases as recent', () => {
    expect(isWorkerRecent(seen(0), 30_000, now)).toBe(true);
    expect(isWorkerRecent(seen(60_000), 30_000, now)).toBe(true);
  });

  it('counts a worker unseen for longer than two leases as gone', () => {
    expect(isWorkerRecent(seen(60_001), 30_000, now)).toBe(false);
  });
});
