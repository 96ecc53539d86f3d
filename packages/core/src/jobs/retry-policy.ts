import type { FailOutcome, Task, TaskError } from './job.types.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';

/**
 * Interrupted attempts (the work stalled past its time limit, or killed its worker) after which a task is a
 * poison pill: it fails for good instead of being handed to a third worker to stall or kill.
 */
export const POISON_PILL_INTERRUPTIONS = 2;

/** What to do with a failed attempt, and the task event that announces it. */
export interface FailureDecision {
  outcome: FailOutcome;
  event: 'task.failed' | 'task.dead' | 'task.retrying';
  /** The error to record: an interrupted attempt that makes the task a poison pill becomes permanent. */
  error: TaskError;
}

/**
 * The retry policy, once for every queue backend: a permanent error fails the task at once; a retryable one
 * goes back to pending with exponential backoff until the last attempt, which ends dead (the dead letter);
 * the second interrupted attempt fails it as a poison pill, whatever attempts are left. A storage failure
 * retries without end (backoff capped): the disk coming back is what it waits for.
 */
export function decideFailure(
  task: Task,
  error: TaskError,
  backoff: BackoffPolicy,
  now = Date.now(),
): FailureDecision {
  if (error.interrupted && task.interruptions + 1 >= POISON_PILL_INTERRUPTIONS) {
    return {
      outcome: { finalStatus: 'failed' },
      event: 'task.failed',
      error: {
        ...error,
        retryable: false,
        message: `${error.message} (interrupted ${task.interruptions + 1} times: not run again)`,
      },
    };
  }
  if (!error.retryable) return { outcome: { finalStatus: 'failed' }, event: 'task.failed', error };
  // A full or read-only disk is the server's trouble, not the task's: it waits for space however long that
  // takes, instead of dead-lettering work that will succeed once the operator frees some.
  if (task.attempts >= task.maxAttempts && error.code !== 'INSUFFICIENT_STORAGE')
    return { outcome: { finalStatus: 'dead' }, event: 'task.dead', error };
  return {
    outcome: { retryAt: new Date(now + backoffDelay(task.attempts, backoff)) },
    event: 'task.retrying',
    error,
  };
}

/** The error a claimed task fails with when earlier attempts already stalled or killed their workers twice. */
export function poisonPillError(task: Task): TaskError {
  return {
    code: 'TASK_POISON_PILL',
    message:
      `the task stalled or killed its worker ${task.interruptions} times` +
      (task.error ? ` (last: ${task.error.code})` : '') +
      '; it is not run again',
    retryable: false,
  };
}
