import {
  AppError,
  QUEUE_NAMES,
  type NewTask,
  type QueueName,
  type Task,
  type TaskError,
  type TaskStatus,
} from '@sift/core';

/** Same default as the in-memory fake and the SQLite queue; the contract suite pins it. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * BullMQ ranks priority 1 (highest) to 2^21 (lowest) and sends 0 to its unprioritised list; Sift ranks any
 * integer, higher first. Sift priority p becomes 2^20 - p, clamped into BullMQ's range, so every pending task
 * sits in BullMQ's prioritized set. Priorities beyond ±2^20 tie with the bound (no caller comes close).
 */
const BULLMQ_PRIORITY_ZERO = 2 ** 20;
const BULLMQ_PRIORITY_MAX = 2 ** 21;

export function bullmqPriority(priority: number): number {
  return Math.min(BULLMQ_PRIORITY_MAX, Math.max(1, BULLMQ_PRIORITY_ZERO - priority));
}

/** What a task script returns: the queue, the id and the job hash as a flat field/value list. */
export type TaskSnapshot = [queue: string, id: string, fields: string[]];

export function snapshotToTask([queue, id, flat]: TaskSnapshot): Task {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) f.set(flat[i] as string, flat[i + 1] as string);
  const str = (name: string): string | null => f.get(name) ?? null;
  const num = (name: string, fallback: number): number => {
    const value = f.get(name);
    return value === undefined ? fallback : Number(value);
  };
  const isoOf = (name: string): string | null => {
    const value = f.get(name);
    return value === undefined ? null : new Date(Number(value)).toISOString();
  };
  const returnvalue = str('returnvalue');
  return {
    id,
    type: str('name') ?? '',
    queue: queue as QueueName,
    priority: num('siftPriority', 0),
    status: (str('status') ?? 'pending') as TaskStatus,
    attempts: num('ats', 0),
    maxAttempts: num('maxAttempts', DEFAULT_MAX_ATTEMPTS),
    interruptions: num('interruptions', 0),
    payload: JSON.parse(str('data') ?? 'null') as unknown,
    result: returnvalue === null ? null : (JSON.parse(returnvalue) as unknown),
    error: errorOf(f),
    progress: num('progress', 0),
    stage: str('stage'),
    ownerId: str('ownerId'),
    documentId: str('documentId'),
    uniqueKey: str('uniqueKey'),
    workerId: str('workerId'),
    runAfter: isoOf('runAfter') ?? new Date(0).toISOString(),
    leaseUntil: isoOf('leaseUntil'),
    createdAt: isoOf('timestamp') ?? new Date(0).toISOString(),
    updatedAt: isoOf('updatedAt') ?? new Date(0).toISOString(),
    startedAt: isoOf('processedOn'),
    finishedAt: isoOf('finishedOn'),
  };
}

function errorOf(f: Map<string, string>): TaskError | null {
  const code = f.get('errorCode');
  if (code === undefined) return null;
  const error: TaskError = {
    code,
    message: f.get('failedReason') ?? '',
    retryable: f.get('errorRetryable') === '1',
  };
  const stack = f.get('errorStack');
  if (stack !== undefined) error.stack = stack;
  return error;
}

/**
 * The fields of a new job hash: BullMQ's (name, data, opts, timestamp, delay, priority) so that BullMQ's
 * `Queue#getJob` reads the task, and Sift's. Absent optional fields mean null.
 */
export function newJobFields(id: string, input: NewTask, now: number): string[] {
  const priority = input.priority ?? 0;
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const runAfter = input.runAfter?.getTime() ?? now;
  const delay = Math.max(0, runAfter - now);
  const bullPriority = bullmqPriority(priority);
  const fields: (string | number)[] = [
    'name',
    input.type,
    'data',
    JSON.stringify(input.payload ?? null),
    'opts',
    JSON.stringify({ jobId: id, attempts: maxAttempts, priority: bullPriority, delay }),
    'timestamp',
    now,
    'delay',
    delay,
    'priority',
    bullPriority,
    'siftPriority',
    priority,
    'maxAttempts',
    maxAttempts,
    'runAfter',
    runAfter,
    'updatedAt',
    now,
  ];
  if (input.ownerId != null) fields.push('ownerId', input.ownerId);
  if (input.documentId != null) fields.push('documentId', input.documentId);
  if (input.uniqueKey != null) fields.push('uniqueKey', input.uniqueKey);
  return fields.map(String);
}

/** Rejects what the SQLite table's CHECK constraints would, as an AppError naming every problem. */
export function validateNewTask(input: NewTask): void {
  const problems: string[] = [];
  if (!QUEUE_NAMES.includes(input.queue)) problems.push(`unknown queue ${String(input.queue)}`);
  if (input.priority !== undefined && !Number.isInteger(input.priority))
    problems.push('priority must be an integer');
  if (input.maxAttempts !== undefined && !(Number.isInteger(input.maxAttempts) && input.maxAttempts >= 1)) {
    problems.push('maxAttempts must be an integer ≥ 1');
  }
  if (input.runAfter !== undefined && Number.isNaN(input.runAfter.getTime())) {
    problems.push('runAfter must be a valid date');
  }
  if (problems.length > 0) {
    throw new AppError('TASK_INVALID', 'user', problems.join('; '), {
      details: { type: input.type, problems },
    });
  }
}

/** List cursors are the sequence number of the last task of a page; opaque to callers. */
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
