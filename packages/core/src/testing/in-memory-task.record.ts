import { AppError } from '../errors.js';
import {
  QUEUE_NAMES,
  TASK_STATUSES,
  type NewTask,
  type QueueName,
  type Task,
  type TaskError,
  type TaskStatus,
} from '../jobs/job.types.js';

// Storage representation and pure helpers of InMemoryJobQueue.

/** Same defaults as the real adapters; the contract suite pins them. */
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** A task as stored: times in epoch ms, payload and result as JSON text, exactly like a real store keeps them. */
export interface TaskRecord extends Omit<
  Task,
  'payload' | 'result' | 'runAfter' | 'leaseUntil' | 'createdAt' | 'updatedAt' | 'startedAt' | 'finishedAt'
> {
  seq: number;
  payload: string;
  result: string | null;
  runAfter: number;
  leaseUntil: number | null;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** Applies a type-checked change to a stored task (Object.assign alone would accept any status string). */
export function patch(record: TaskRecord, changes: Partial<TaskRecord>): void {
  Object.assign(record, changes);
}

/** The port's claim order: queue rank, higher priority, earlier run_after, then insertion. */
export function claimOrder(a: TaskRecord, b: TaskRecord): number {
  return (
    QUEUE_NAMES.indexOf(a.queue) - QUEUE_NAMES.indexOf(b.queue) ||
    b.priority - a.priority ||
    a.runAfter - b.runAfter ||
    a.seq - b.seq
  );
}

/** A detached copy in the port's shape, so callers can never mutate what is stored. */
export function toTask(r: TaskRecord): Task {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: r.id,
    type: r.type,
    queue: r.queue,
    priority: r.priority,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    interruptions: r.interruptions,
    payload: JSON.parse(r.payload) as unknown,
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    error: r.error ? { ...r.error } : null,
    progress: r.progress,
    stage: r.stage,
    ownerId: r.ownerId,
    documentId: r.documentId,
    uniqueKey: r.uniqueKey,
    workerId: r.workerId,
    runAfter: new Date(r.runAfter).toISOString(),
    leaseUntil: iso(r.leaseUntil),
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}

/** Rejects, as TASK_INVALID, what the SQLite adapter's CHECK constraints would. */
export function validateNewTask(input: NewTask): void {
  const problems: string[] = [];
  if (!QUEUE_NAMES.includes(input.queue)) problems.push(`unknown queue ${String(input.queue)}`);
  if (input.priority !== undefined && !Number.isInteger(input.priority))
    problems.push('priority must be an integer');
  if (input.maxAttempts !== undefined && !(Number.isInteger(input.maxAttempts) && input.maxAttempts >= 1)) {
    problems.push('maxAttempts must be an integer ≥ 1');
  }
  if (problems.length > 0) {
    throw new AppError('TASK_INVALID', 'user', problems.join('; '), {
      details: { type: input.type, problems },
    });
  }
}

/** The error a task gets when its worker died during its last attempt. */
export function leaseExpiredError(): TaskError {
  return {
    code: 'TASK_LEASE_EXPIRED',
    message: 'the worker stopped responding during the last attempt',
    retryable: true,
  };
}

/** Retrying would make a second active task with the same uniqueKey. */
export function uniqueKeyTaken(record: TaskRecord, holderId: string): AppError {
  return new AppError(
    'TASK_UNIQUE_KEY_TAKEN',
    'conflict',
    `another active task holds key ${record.uniqueKey}`,
    {
      details: { id: record.id, uniqueKey: record.uniqueKey, activeTaskId: holderId },
    },
  );
}

/** Zero for every queue × status, so stats always have every key. */
export function emptyCounts(): Record<QueueName, Record<TaskStatus, number>> {
  return Object.fromEntries(
    QUEUE_NAMES.map((q) => [q, Object.fromEntries(TASK_STATUSES.map((s) => [s, 0]))]),
  ) as Record<QueueName, Record<TaskStatus, number>>;
}

/** Progress is a fraction; out-of-range reports are clamped rather than rejected mid-job. */
export function clampProgress(progress: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
}

/** List cursors are the seq of the last task of a page; opaque to callers. */
export function encodeCursor(seq: number): string {
  return Buffer.from(String(seq)).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const seq = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new AppError('INVALID_CURSOR', 'user', 'the cursor is not one this queue returned', {
      details: { cursor },
    });
  }
  return seq;
}
