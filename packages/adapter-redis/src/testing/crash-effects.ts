import type { JobHandler } from '@sift/core';
import type { Redis } from 'ioredis';

/** Job types of the crash tests. */
export interface CrashJobs {
  effect: { n: number };
}

/**
 * The evidence keys of the crash tests, under the test's prefix. `runs` is deliberately not idempotent (one
 * entry per execution, to prove a task ran twice); `effects` is keyed by task id, the way a real handler
 * makes its writes idempotent.
 */
export function effectKeys(prefix: string): { runs: string; effects: string } {
  return { runs: `${prefix}:test:runs`, effects: `${prefix}:test:effects` };
}

/**
 * An idempotent handler: records the execution, applies its effect at most once, then lets `after` decide
 * what happens next (the crashing worker hangs there until it is killed).
 */
export function effectHandler(
  redis: Redis,
  prefix: string,
  workerId: string,
  after: (taskId: string) => Promise<void>,
): JobHandler<CrashJobs['effect']> {
  const keys = effectKeys(prefix);
  return async ({ task }) => {
    await redis.rpush(keys.runs, `${task.id} ${workerId}`);
    await redis.hsetnx(keys.effects, task.id, workerId);
    await after(task.id);
    return { by: workerId };
  };
}
