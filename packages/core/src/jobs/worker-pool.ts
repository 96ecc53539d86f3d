import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { EventBus } from '../ports/event-bus.port.js';
import type { JobQueue } from '../ports/job-queue.port.js';
import { silentLogger, type Logger } from '../ports/logger.port.js';
import { noopTelemetry, type Telemetry } from '../ports/telemetry.port.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { JobHandler, JobHandlers, JobPayloads } from './job-registry.js';
import { observeAttempt } from './job-telemetry.js';
import { takeTraceCarrier } from './job-trace.js';
import { QUEUE_NAMES, type QueueName, type Task } from './job.types.js';
import { POISON_PILL_INTERRUPTIONS, poisonPillError } from './retry-policy.js';
import { TaskAttempts } from './task-attempts.js';

export interface WorkerPoolOptions {
  /** Slots per queue; a queue with no slots is not served by this pool. */
  concurrency: Partial<Record<QueueName, number>>;
  /** Cap over all queues together (defaults to the sum of the slots). */
  maxConcurrent?: number;
  workerId?: string;
  /** How long a claimed task stays ours without a heartbeat; a dead worker's task is retaken after it. */
  leaseMs?: number;
  /** How often an idle pool looks for work it was not woken for (tasks enqueued by another process). */
  pollIntervalMs?: number;
  backoff?: BackoffPolicy;
  /** Identity of the process, recorded for `sift status` (core does not read process state itself). */
  process?: { pid: number; hostname: string };
  logger?: Logger;
  events?: EventBus;
  /** Job spans (continuing the enqueuer's trace) and job metrics; no-ops by default. */
  telemetry?: Telemetry;
}

interface Running {
  task: Task;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs tasks from a JobQueue: claims by queue priority within per-queue and total concurrency, keeps leases
 * alive, applies the retry policy (retryable → backoff, permanent → failed, last attempt → dead) and publishes
 * task events. One implementation for every queue backend.
 */
export class WorkerPool<M extends object = JobPayloads> {
  readonly id: string;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly logger: Logger;
  private readonly telemetry: Telemetry;
  private readonly slots: Map<QueueName, number>;
  private readonly maxConcurrent: number;
  private readonly running = new Map<string, Running>();
  private state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private loop: Promise<void> | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;
  private lastTickAt = 0;
  private readonly attempts: TaskAttempts;

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: JobHandlers<M>,
    private readonly options: WorkerPoolOptions,
  ) {
    this.id = options.workerId ?? `worker-${randomUUID()}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.logger = options.logger ?? silentLogger;
    this.telemetry = options.telemetry ?? noopTelemetry;
    this.slots = new Map(
      QUEUE_NAMES.map((q) => [q, Math.max(0, Math.floor(options.concurrency[q] ?? 0))] as const).filter(
        ([, n]) => n > 0,
      ),
    );
    const total = [...this.slots.values()].reduce((a, b) => a + b, 0);
    this.maxConcurrent = Math.min(options.maxConcurrent ?? total, total);
    this.attempts = new TaskAttempts({
      queue,
      handlers: handlers as Record<string, JobHandler<unknown> | undefined>,
      workerId: this.id,
      leaseMs: this.leaseMs,
      backoff: this.backoff,
      logger: this.logger,
      ...(options.events ? { events: options.events } : {}),
      accepting: () => this.state === 'running',
    });
  }

  /** Queues this pool serves, highest priority first. */
  get queues(): QueueName[] {
    return [...this.slots.keys()];
  }

  /** Number of tasks running right now. */
  get active(): number {
    return this.running.size;
  }

  /** True while the loop runs and has ticked recently (used by readiness checks). */
  isAlive(): boolean {
    const staleAfter = Math.max(5_000, this.pollIntervalMs * 3, this.leaseMs);
    return this.state === 'running' && Date.now() - this.lastTickAt < staleAfter;
  }

  async start(): Promise<void> {
    if (this.state !== 'idle')
      throw new AppError('WORKER_ALREADY_STARTED', 'conflict', 'worker pool already started');
    this.state = 'running';
    await this.registerSelf();
    this.unsubscribe =
      this.options.events?.subscribe((event) => {
        if (event.type === 'task.created' || event.type === 'task.retrying') this.wake();
      }) ?? null;
    // Heartbeats keep leases of running tasks and the worker registration fresh.
    this.ticker = setInterval(() => void this.tick(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.loop = this.run();
  }

  /** Makes an idle pool look for work now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Stops taking tasks and waits up to `graceMs` for running ones to finish; whatever still runs after that is
   * aborted and released back to the queue without counting the attempt.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    if (this.state === 'idle' || this.state === 'stopped') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    this.wake();
    await this.loop;
    const graceMs = options.graceMs ?? 10_000;
    const all = Promise.all([...this.running.values()].map((r) => r.done));
    await Promise.race([all, sleep(graceMs)]);
    for (const r of this.running.values()) {
      r.controller.abort(new AppError('WORKER_SHUTDOWN', 'system', 'worker is shutting down'));
      const released = await this.queue.release(r.task.id, this.id);
      this.logger.warn({ taskId: r.task.id, released }, 'released a running task at shutdown');
    }
    if (this.ticker) clearInterval(this.ticker);
    this.unsubscribe?.();
    await this.queue.unregisterWorker(this.id);
    this.state = 'stopped';
  }

  private async registerSelf(): Promise<void> {
    const now = new Date().toISOString();
    await this.queue.registerWorker({
      id: this.id,
      pid: this.options.process?.pid ?? 0,
      hostname: this.options.process?.hostname ?? 'unknown',
      queues: this.queues,
      startedAt: now,
    });
  }

  private async run(): Promise<void> {
    while (this.state === 'running') {
      this.lastTickAt = Date.now();
      this.woken = false;
      let claimed = false;
      try {
        claimed = await this.claimOne();
      } catch (err) {
        this.logger.error({ err }, 'claiming a task failed');
      }
      if (claimed || this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollIntervalMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  /** Claims one task from the queues that have a free slot; false when there was none to claim. */
  private async claimOne(): Promise<boolean> {
    if (this.running.size >= this.maxConcurrent) return false;
    const busy = new Map<QueueName, number>();
    for (const r of this.running.values()) busy.set(r.task.queue, (busy.get(r.task.queue) ?? 0) + 1);
    const open = this.queues.filter((q) => (busy.get(q) ?? 0) < (this.slots.get(q) ?? 0));
    if (open.length === 0) return false;
    const task = await this.queue.claim({ workerId: this.id, queues: open, leaseMs: this.leaseMs });
    if (!task) return false;
    // Our own lease lapsed (the event loop was blocked past leaseMs) and the claim handed the task back to us:
    // the execution already running keeps it under the renewed lease instead of a second one starting beside it.
    if (this.running.has(task.id)) return true;
    if (task.interruptions >= POISON_PILL_INTERRUPTIONS) {
      await this.failPoisonPill(task);
      return true;
    }
    const controller = new AbortController();
    const entry: Running = { task, controller, done: Promise.resolve() };
    this.running.set(task.id, entry);
    entry.done = this.execute(task, controller).finally(() => {
      this.running.delete(task.id);
      this.wake();
    });
    return true;
  }

  /** One attempt; the handler sees the payload without the trace carrier the enqueuer added. */
  private async execute(stored: Task, controller: AbortController): Promise<void> {
    const { carrier, payload } = takeTraceCarrier(stored.payload);
    const task = payload === stored.payload ? stored : { ...stored, payload };
    await observeAttempt(this.telemetry, task, carrier, () => this.attempts.run(task, controller));
  }

  /** A task that stalled or killed its workers twice already fails for good instead of running again. */
  private async failPoisonPill(task: Task): Promise<void> {
    const error = poisonPillError(task);
    this.logger.error({ taskId: task.id, type: task.type, interruptions: task.interruptions }, error.message);
    if (await this.queue.fail(task.id, this.id, error, { finalStatus: 'failed' })) {
      // Never run here, so no attempt duration: counted on its own (the attempts that stalled were lost).
      this.telemetry.metrics.count('sift_job_poison_pills_total', { type: task.type });
      await this.attempts.announce(task.id, 'task.failed');
    }
  }

  private async tick(): Promise<void> {
    try {
      await this.registerSelf();
      for (const r of this.running.values()) {
        const lease = await this.queue.heartbeat(r.task.id, this.id, this.leaseMs);
        if (lease === 'cancelled') {
          r.controller.abort(new AppError('TASK_CANCELLED', 'conflict', 'task was cancelled'));
          const task = await this.queue.get(r.task.id);
          if (task) this.options.events?.publish({ type: 'task.cancelled', task });
        } else if (lease === 'lost') {
          r.controller.abort(
            new AppError('TASK_LEASE_LOST', 'system', 'lease expired; another worker owns it'),
          );
        }
      }
    } catch (err) {
      this.logger.error({ err }, 'worker heartbeat failed');
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
