/** Named queues, highest priority first. A worker claims from an earlier queue before a later one. */
export const QUEUE_NAMES = ['high', 'default', 'low', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const TASK_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'dead', 'cancelled'] as const;
/**
 * pending → running → succeeded; a retryable error sends it back to pending with a later run_after;
 * a permanent error ends in `failed`; the last retryable failure ends in `dead` (the dead-letter state).
 */
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const FINISHED_STATUSES: readonly TaskStatus[] = ['succeeded', 'failed', 'dead', 'cancelled'];

/** What a failed attempt left behind, kept on the task for diagnosis. */
export interface TaskError {
  code: string;
  message: string;
  stack?: string;
  retryable: boolean;
  /** The attempt stalled or killed its worker (counts toward Task.interruptions). */
  interrupted?: boolean;
}

/** A unit of background work as stored by a JobQueue. Timestamps are ISO-8601 strings. */
export interface Task<P = unknown> {
  id: string;
  type: string;
  queue: QueueName;
  /** Higher runs first within a queue. */
  priority: number;
  status: TaskStatus;
  attempts: number;
  maxAttempts: number;
  /**
   * Attempts that ended because the work stalled or killed its worker (a lease that expired, an extraction
   * timeout or crash). Counted apart from attempts: at two, the task is a poison pill and is not run again.
   */
  interruptions: number;
  payload: P;
  result: unknown;
  error: TaskError | null;
  /** 0..1 */
  progress: number;
  stage: string | null;
  ownerId: string | null;
  documentId: string | null;
  /** While pending or running, at most one task may hold a given key (idempotent enqueue). */
  uniqueKey: string | null;
  workerId: string | null;
  runAfter: string;
  leaseUntil: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Input of JobQueue.enqueue. */
export interface NewTask {
  type: string;
  queue: QueueName;
  payload: unknown;
  priority?: number;
  maxAttempts?: number;
  runAfter?: Date;
  ownerId?: string | null;
  documentId?: string | null;
  uniqueKey?: string | null;
}

export interface TaskFilter {
  /** Only tasks of this owner (a principal's own tasks). */
  ownerId?: string;
  status?: TaskStatus[];
  type?: string[];
  queue?: QueueName[];
  documentId?: string;
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

export interface QueueStats {
  /** Counts per queue and status; every queue and status is present (zero when empty). */
  byQueue: Record<QueueName, Record<TaskStatus, number>>;
  workers: WorkerInfo[];
}

/** A registered worker process, for `sift status` and readiness. */
export interface WorkerInfo {
  id: string;
  pid: number;
  hostname: string;
  queues: QueueName[];
  startedAt: string;
  lastSeenAt: string;
}

/** How a failed attempt ends: back to pending at `retryAt`, or finished as `finalStatus`. */
export type FailOutcome = { retryAt: Date } | { finalStatus: 'failed' | 'dead' };

/** What a heartbeat learns about the task it holds. */
export type LeaseState = 'held' | 'lost' | 'cancelled';
