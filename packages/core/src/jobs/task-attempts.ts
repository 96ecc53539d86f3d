import { AppError, describeError } from '../errors.js';
import type { EventBus } from '../ports/event-bus.port.js';
import type { JobQueue } from '../ports/job-queue.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { BackoffPolicy } from './backoff.js';
import type { JobHandler } from './job-registry.js';
import { abortOutcome, type AttemptResult, type JobOutcome } from './job-telemetry.js';
import type { Task } from './job.types.js';
import { decideFailure } from './retry-policy.js';

export interface TaskAttemptsDeps {
  queue: JobQueue;
  handlers: Record<string, JobHandler<unknown> | undefined>;
  workerId: string;
  leaseMs: number;
  backoff: BackoffPolicy;
  logger: Logger;
  events?: EventBus;
  /** False once the pool stops: an outcome the store refuses is then left to the lease, not retried. */
  accepting(): boolean;
}

/**
 * One attempt of a claimed task for a WorkerPool: runs its handler with progress reporting, records the
 * outcome in the queue (retrying while the store refuses the write) under the retry policy, and publishes
 * the task events. The pool decides what to claim and when; this, what an attempt leaves behind.
 */
export class TaskAttempts {
  constructor(private readonly deps: TaskAttemptsDeps) {}

  async run(task: Task, controller: AbortController): Promise<AttemptResult> {
    this.deps.events?.publish({ type: 'task.started', task });
    const handler = this.deps.handlers[task.type];
    try {
      if (!handler) {
        throw new AppError('JOB_HANDLER_MISSING', 'system', `no handler for job type ${task.type}`, {
          retryable: false,
        });
      }
      const result = await handler({
        task,
        payload: task.payload,
        signal: controller.signal,
        progress: async (fraction, stage = null) => {
          const clamped = Math.min(1, Math.max(0, fraction));
          // Progress is advisory: a store refusing the write (a full disk) must not fail the work, nor
          // escape from a caller that reports progress without awaiting it.
          const recorded = await this.deps.queue
            .progress(task.id, this.deps.workerId, clamped, stage)
            .catch((err: unknown) => {
              this.deps.logger.warn({ taskId: task.id, err }, 'could not record task progress');
              return false;
            });
          if (recorded) {
            this.deps.events?.publish({
              type: 'task.progress',
              taskId: task.id,
              ownerId: task.ownerId,
              progress: clamped,
              stage,
            });
          }
        },
      });
      if (controller.signal.aborted) return { outcome: abortOutcome(controller.signal) };
      const outcome = await this.settle(task, controller, async () => {
        if (!(await this.deps.queue.complete(task.id, this.deps.workerId, result ?? null))) return null;
        await this.announce(task.id, 'task.succeeded');
        return 'succeeded';
      });
      return { outcome };
    } catch (err) {
      // Cancelled, lost or shut down: the queue already holds the truth, and the new owner (if any) decides.
      if (controller.signal.aborted) return { outcome: abortOutcome(controller.signal) };
      const outcome = await this.settle(task, controller, () => this.recordFailure(task, err));
      return { outcome, error: err };
    }
  }

  /**
   * Records a task's outcome, retrying while the store refuses the write (a full or read-only disk): the
   * process must outlive that, and the task stays ours — its heartbeat keeps trying to renew the lease — so
   * that the outcome lands once space returns instead of the work being redone.
   */
  private async settle(
    task: Task,
    controller: AbortController,
    record: () => Promise<JobOutcome | null>,
  ): Promise<JobOutcome | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await record();
      } catch (err) {
        if (controller.signal.aborted || !this.deps.accepting()) {
          this.deps.logger.error(
            { taskId: task.id, err },
            'could not record the outcome of a task; left to its lease',
          );
          return null;
        }
        this.deps.logger.error(
          { taskId: task.id, attempt, err },
          'could not record the outcome of a task; retrying',
        );
        await sleep(Math.min(this.deps.leaseMs / 3, 250 * 2 ** Math.min(attempt, 8)));
      }
    }
  }

  private async recordFailure(task: Task, err: unknown): Promise<JobOutcome | null> {
    const error = describeError(err);
    const level = error.retryable ? 'warn' : 'error';
    this.deps.logger[level](
      { taskId: task.id, type: task.type, attempt: task.attempts, err },
      'task attempt failed',
    );
    const decision = decideFailure(task, error, this.deps.backoff);
    if (!(await this.deps.queue.fail(task.id, this.deps.workerId, decision.error, decision.outcome)))
      return null;
    await this.announce(task.id, decision.event);
    return 'retryAt' in decision.outcome ? 'retry' : decision.outcome.finalStatus;
  }

  async announce(
    id: string,
    type: 'task.succeeded' | 'task.failed' | 'task.dead' | 'task.retrying',
  ): Promise<void> {
    if (!this.deps.events) return;
    const task = await this.deps.queue.get(id);
    if (task) this.deps.events.publish({ type, task });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
