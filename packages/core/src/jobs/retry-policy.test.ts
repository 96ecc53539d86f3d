import { describe, expect, it } from 'vitest';
import type { Task, TaskError } from './job.types.js';
import { decideFailure, poisonPillError } from './retry-policy.js';

const policy = { baseMs: 1_000, factor: 2, maxMs: 60_000, jitter: 0 };
const now = Date.parse('2030-01-01T00:00:00Z');

function task(overrides: Partial<Task> = {}): Task {
  return { attempts: 1, maxAttempts: 3, interruptions: 0, error: null, ...overrides } as Task;
}
const transient: TaskError = { code: 'EMBEDDER_UNAVAILABLE', message: 'down', retryable: true };
const stalled: TaskError = {
  code: 'EXTRACTION_TIMEOUT',
  message: 'took 300 s',
  retryable: true,
  interrupted: true,
};

describe('decideFailure', () => {
  it('fails a permanent error at once', () => {
    const permanent = { ...transient, retryable: false };
    expect(decideFailure(task(), permanent, policy, now)).toEqual({
      outcome: { finalStatus: 'failed' },
      event: 'task.failed',
      error: permanent,
    });
  });

  it('retries a retryable error with exponential backoff, and dead-letters it after the last attempt', () => {
    expect(decideFailure(task({ attempts: 2 }), transient, policy, now)).toMatchObject({
      outcome: { retryAt: new Date(now + 2_000) },
      event: 'task.retrying',
    });
    expect(decideFailure(task({ attempts: 3 }), transient, policy, now)).toMatchObject({
      outcome: { finalStatus: 'dead' },
      event: 'task.dead',
    });
  });

  it('keeps retrying a task the disk refused, past its last attempt', () => {
    const full: TaskError = { code: 'INSUFFICIENT_STORAGE', message: 'disk full', retryable: true };
    expect(decideFailure(task({ attempts: 7 }), full, policy, now)).toMatchObject({
      outcome: { retryAt: new Date(now + 60_000) },
      event: 'task.retrying',
    });
  });

  it('retries the first interrupted attempt like any transient failure', () => {
    expect(decideFailure(task(), stalled, policy, now).event).toBe('task.retrying');
  });

  it('fails the second interrupted attempt for good, whatever attempts are left', () => {
    const decision = decideFailure(
      task({ attempts: 2, maxAttempts: 10, interruptions: 1 }),
      stalled,
      policy,
      now,
    );
    expect(decision.outcome).toEqual({ finalStatus: 'failed' });
    expect(decision.error).toMatchObject({ code: 'EXTRACTION_TIMEOUT', retryable: false, interrupted: true });
    expect(decision.error.message).toMatch(/interrupted 2 times/);
  });

  it('names the last interruption in the poison-pill error', () => {
    const error = poisonPillError(
      task({ interruptions: 2, error: { code: 'TASK_LEASE_EXPIRED', message: 'gone', retryable: true } }),
    );
    expect(error).toMatchObject({ code: 'TASK_POISON_PILL', retryable: false });
    expect(error.message).toMatch(/2 times \(last: TASK_LEASE_EXPIRED\)/);
  });
});
