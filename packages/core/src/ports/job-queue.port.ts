import type {
  FailOutcome,
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
  /** Newest first. An absent or empty filter field matches every task. */
  list(filter: TaskFilter): Promise<TaskPage>;
  /**
   * Atomically takes the next runnable task of the given queues, ordered by queue (in QUEUE_NAMES order),
   * then priority (higher first), then run_after, then creation. Runnable: pending with run_after ≤ now, or
   * running with an expired lease (its worker died). Counts an attempt and sets the lease. Retaking a task
   * whose lease expired also counts an interruption and records TASK_LEASE_EXPIRED as its last error.
   *
   * A task whose lease expired during its last attempt is not run again but ends `dead` with error code
   * TASK_LEASE_EXPIRED (any claim sweeps these, whatever its queues): a task that kills its worker (out of
   * memory, a crashing native parser) would otherwise be retaken forever, since no worker lives to record
   * its failure.
   */
  claim(request: { workerId: string; queues: readonly QueueName[]; leaseMs: number }): Promise<Task | null>;
  /**
   * Extends the lease of a task the worker holds. Tells the worker whether it still owns the task: `held`;
   * `cancelled` (stop working on it); or `lost` (its lease was taken over, or it is no longer running).
   */
  heartbeat(id: string, workerId: string, leaseMs: number): Promise<LeaseState>;
  /** Records progress (0..1) and the current stage; false when the worker no longer owns the task. */
  progress(id: string, workerId: string, progress: number, stage: string | null): Promise<boolean>;
  complete(id: string, workerId: string, result: unknown): Promise<boolean>;
  /**
   * Records a failed attempt. With `retryAt` the task goes back to pending until then; otherwise it ends in
   * `finalStatus` (failed for permanent errors, dead after the last attempt). An error marked `interrupted`
   * counts an interruption.
   */
  fail(id: string, workerId: string, error: TaskError, outcome: FailOutcome): Promise<boolean>;
  /** Gives a running task back without counting the attempt (graceful shutdown). */
  release(id: string, workerId: string): Promise<boolean>;
  /** Pending or running → cancelled. Returns null when there is no such task; finished tasks are unchanged. */
  cancel(id: string): Promise<Task | null>;
  /**
   * failed or dead → pending, attempts and error reset; other statuses are returned unchanged. Returns null
   * when there is no such task. Throws AppError TASK_UNIQUE_KEY_TAKEN (conflict) when another pending or
   * running task holds the same uniqueKey.
   */
  retry(id: string): Promise<Task | null>;
  stats(): Promise<QueueStats>;
  /** Tasks waiting in any queue (pending, due or not): what intake backpressure measures. Cheap. */
  pendingCount(): Promise<number>;
  /** Records that a worker process is alive (called on start and on every heartbeat tick). */
  registerWorker(info: Omit<WorkerInfo, 'lastSeenAt'>): Promise<void>;
  unregisterWorker(id: string): Promise<void>;
  /** Forgets workers not seen since `before` (killed processes); returns how many. */
  pruneWorkers(before: Date): Promise<number>;
}
