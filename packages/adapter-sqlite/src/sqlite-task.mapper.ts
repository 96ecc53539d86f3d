import {
  AppError,
  QUEUE_NAMES,
  type NewTask,
  type QueueName,
  type Task,
  type TaskError,
  type TaskStatus,
  type WorkerInfo,
} from '@sift/core';

/** A row of the `tasks` table as better-sqlite3 returns it. */
export interface TaskRow {
  seq: number;
  id: string;
  type: string;
  queue: QueueName;
  priority: number;
  status: TaskStatus;
  attempts: number;
  max_attempts: number;
  interruptions: number;
  run_after: number;
  lease_until: number | null;
  worker_id: string | null;
  progress: number;
  stage: string | null;
  payload: string;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
  error_stack: string | null;
  error_retryable: number | null;
  owner_id: string | null;
  document_id: string | null;
  unique_key: string | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/** Same default as the in-memory fake; the contract suite pins it. */
export const DEFAULT_MAX_ATTEMPTS = 3;

export function rowToTask(row: TaskRow): Task {
  return {
    id: row.id,
    type: row.type,
    queue: row.queue,
    priority: row.priority,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    interruptions: row.interruptions,
    payload: JSON.parse(row.payload) as unknown,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: rowError(row),
    progress: row.progress,
    stage: row.stage,
    ownerId: row.owner_id,
    documentId: row.document_id,
    uniqueKey: row.unique_key,
    workerId: row.worker_id,
    runAfter: iso(row.run_after),
    leaseUntil: isoOrNull(row.lease_until),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
  };
}

function rowError(row: TaskRow): TaskError | null {
  if (row.error_code === null) return null;
  const error: TaskError = {
    code: row.error_code,
    message: row.error_message ?? '',
    retryable: row.error_retryable === 1,
  };
  if (row.error_stack !== null) error.stack = row.error_stack;
  return error;
}

/** The error columns of a failed attempt, as named parameters. */
export function errorParams(error: TaskError): Record<string, string | number | null> {
  return {
    errorCode: error.code,
    errorMessage: error.message,
    errorStack: error.stack ?? null,
    errorRetryable: error.retryable ? 1 : 0,
    interrupted: error.interrupted ? 1 : 0,
  };
}

/** JSON text for a nullable JSON column; `undefined` and `null` both become SQL NULL. */
export function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Rejects what the table's CHECK constraints would, but as an AppError naming every problem. */
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

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

/** A row of the `workers` table. */
export interface WorkerRow {
  id: string;
  pid: number;
  hostname: string;
  queues: string;
  started_at: number;
  last_seen_at: number;
}

export function rowToWorker(row: WorkerRow): WorkerInfo {
  return {
    id: row.id,
    pid: row.pid,
    hostname: row.hostname,
    queues: JSON.parse(row.queues) as QueueName[],
    startedAt: new Date(row.started_at).toISOString(),
    lastSeenAt: new Date(row.last_seen_at).toISOString(),
  };
}
