import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const policy = { baseMs: 100, factor: 2, maxMs: 1_000, jitter: 0 };

  it('doubles the delay with every attempt', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the maximum', () => {
    expect(backoffDelay(20, policy)).toBe(1_000);
  });

  it('spreads delays by the jitter fraction either way', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(backoffDelay(1, jittered, () => 0)).toBe(50);
    expect(backoffDelay(1, jittered, () => 1)).toBe(150);
  });
});
