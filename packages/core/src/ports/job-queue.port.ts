import type {
  LeaseState,
  NewTask,
  QueueName,
  QueueStats,
  Task,
  TaskError,
  TaskFilter,
  TaskPage,
  WorkerInfo,
} from '../jobs/job.types.js';

/**
 * Durable storage of tasks with leases. The retry policy, the worker loop and the events live once in core
 * (`WorkerPool`); an adapter only stores state transitions atomically, so the embedded SQLite queue and a
 * BullMQ/PostgreSQL queue behave the same and pass the same contract suite.
 *
 * Every transition that a worker makes names its `workerId`: a worker whose lease expired and was taken over
 * by another cannot complete or fail the task any more (the call returns false). That is what makes delivery
 * at-least-once and completion at-most-once.
 */
export interface JobQueue {
  /**
   * Stores a new pending task. With a `uniqueKey` that a pending or running task already holds, returns
   * that task instead of adding another.
   */
  enqueue(task: NewTask): Promise<Task>;
  get(id: string): Promise<Task | null>;
  /** Newest first. */
  list(filter: TaskFilter): Promise<TaskPage>;
  /**
   * Atomically takes the next runnable task of the given queues, ordered by queue (in QUEUE_NAMES order),
   * then priority (higher first), then run_after, then creation. Runnable: pending with run_after ≤ now, or
   * running with an expired lease (its worker died). Counts an attempt and sets the lease.
   */
  claim(request: { workerId: string; queues: readonly QueueName[]; leaseMs: number }): Promise<Task | null>;
  /** Extends the lease and optionally records progress. Tells the worker whether it still owns the task. */
  heartbeat(id: string, workerId: string, leaseMs: number): Promise<LeaseState>;
  /** Records progress (0..1) and the current stage; false when the worker no longer owns the task. */
  progress(id: string, workerId: string, progress: number, stage: string | null): Promise<boolean>;
  complete(id: string, workerId: string, result: unknown): Promise<boolean>;
  /**
   * Records a failed attempt. With `retryAt` the task goes back to pending until then; otherwise it ends in
   * `finalStatus` (failed for permanent errors, dead after the last attempt).
   */
  fail(
    id: string,
    workerId: string,
    error: TaskError,
    outcome: { retryAt: Date } | { finalStatus: 'failed' | 'dead' },
  ): Promise<boolean>;
  /** Gives a running task back without counting the attempt (graceful shutdown). */
  release(id: string, workerId: string): Promise<boolean>;
  /** Pending or running → cancelled. Returns null when there is no such task; finished tasks are unchanged. */
  cancel(id: string): Promise<Task | null>;
  /** failed or dead → pending, attempts reset. Returns null when there is no such task. */
  retry(id: string): Promise<Task | null>;
  stats(): Promise<QueueStats>;
  /** Records that a worker process is alive (called on start and on every heartbeat tick). */
  registerWorker(info: Omit<WorkerInfo, 'lastSeenAt'>): Promise<void>;
  unregisterWorker(id: string): Promise<void>;
}
