import type { Access } from '../auth/access.js';
import { AppError } from '../errors.js';
import type { EventBus } from '../ports/event-bus.port.js';
import type { JobQueue } from '../ports/job-queue.port.js';
import { noopTelemetry, type Telemetry } from '../ports/telemetry.port.js';
import { JOB_DEFAULTS, type JobName, type JobPayloads } from './job-registry.js';
import type { QueueName, QueueStats, Task, TaskFilter, TaskPage } from './job.types.js';
import { withTraceCarrier } from './job-trace.js';

export interface EnqueueOptions {
  queue?: QueueName;
  priority?: number;
  maxAttempts?: number;
  runAfter?: Date;
  ownerId?: string | null;
  documentId?: string | null;
  uniqueKey?: string | null;
}

/** Use cases around tasks: typed enqueue, inspection, cancel and retry, with domain errors. */
export class TaskService {
  constructor(
    private readonly queue: JobQueue,
    private readonly events: EventBus,
    private readonly defaults: {
      maxAttempts: number;
      queueOverrides?: Partial<Record<JobName, QueueName>>;
    } = {
      maxAttempts: 3,
    },
    /** Its tracer's current context goes into each payload (see TRACE_PAYLOAD_KEY). */
    private readonly telemetry: Telemetry = noopTelemetry,
  ) {}

  async enqueue<N extends JobName>(
    type: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<Task> {
    const jobDefaults = JOB_DEFAULTS[type];
    const task = await this.queue.enqueue({
      type,
      // The task API shows the carrier as part of the payload: it names the trace to look up for a task, and
      // holds nothing secret (two random ids and a sampling flag).
      payload: withTraceCarrier(payload, this.telemetry.tracer.carrier()),
      queue: options.queue ?? this.defaults.queueOverrides?.[type] ?? jobDefaults.queue,
      priority: options.priority ?? 0,
      maxAttempts: options.maxAttempts ?? jobDefaults.maxAttempts ?? this.defaults.maxAttempts,
      runAfter: options.runAfter,
      ownerId: options.ownerId ?? null,
      documentId: options.documentId ?? null,
      uniqueKey: options.uniqueKey ?? null,
    });
    this.events.publish({ type: 'task.created', task });
    return task;
  }

  /** A task, for internal use (workers, reconciliation): no access check. */
  async find(id: string): Promise<Task> {
    const task = await this.queue.get(id);
    if (!task)
      throw new AppError('TASK_NOT_FOUND', 'not_found', `task ${id} does not exist`, { details: { id } });
    return task;
  }

  /** A task of the principal (admins: any; tasks of the system only admins); others are TASK_NOT_FOUND. */
  async get(access: Access, id: string): Promise<Task> {
    const task = await this.queue.get(id);
    if (!task || !access.ownsTask(task))
      throw new AppError('TASK_NOT_FOUND', 'not_found', `task ${id} does not exist`, { details: { id } });
    return task;
  }

  /** The principal's tasks (admins: everyone's). */
  list(access: Access, filter: TaskFilter): Promise<TaskPage> {
    // A collection-restricted key sees no tasks (see Access.ownsTask).
    if (access.principal.collectionIds) return Promise.resolve({ items: [], nextCursor: null });
    const owner = access.ownerFilter;
    return this.queue.list({ ...filter, ...(owner !== null ? { ownerId: owner } : {}) });
  }

  /**
   * Cancels a pending or running task; a running handler sees its signal aborted at the next heartbeat.
   * A finished task, including one already cancelled, is refused with TASK_NOT_CANCELLABLE.
   */
  async cancel(access: Access | null, id: string): Promise<Task> {
    // queue.cancel returns a finished task unchanged, so an already-cancelled task would look freshly
    // cancelled; only the state before tells them apart.
    access?.require('write');
    const before = access ? await this.get(access, id) : await this.find(id);
    if (before.status !== 'pending' && before.status !== 'running') {
      throw new AppError('TASK_NOT_CANCELLABLE', 'conflict', `task ${id} is already ${before.status}`, {
        details: { id, status: before.status },
      });
    }
    const task = await this.queue.cancel(id);
    if (!task)
      throw new AppError('TASK_NOT_FOUND', 'not_found', `task ${id} does not exist`, { details: { id } });
    if (task.status !== 'cancelled') {
      throw new AppError('TASK_NOT_CANCELLABLE', 'conflict', `task ${id} is already ${task.status}`, {
        details: { id, status: task.status },
      });
    }
    this.events.publish({ type: 'task.cancelled', task });
    return task;
  }

  /** Puts a failed or dead task back in its queue with fresh attempts. */
  async retry(access: Access, id: string): Promise<Task> {
    access.require('write');
    const before = await this.get(access, id);
    if (before.status !== 'failed' && before.status !== 'dead') {
      throw new AppError(
        'TASK_NOT_RETRYABLE',
        'conflict',
        `only failed or dead tasks can be retried; ${id} is ${before.status}`,
        {
          details: { id, status: before.status },
        },
      );
    }
    const task = await this.queue.retry(id);
    if (!task || task.status !== 'pending') {
      throw new AppError('TASK_NOT_RETRYABLE', 'conflict', `task ${id} changed while retrying`, {
        details: { id },
      });
    }
    this.events.publish({ type: 'task.created', task });
    return task;
  }

  stats(): Promise<QueueStats> {
    return this.queue.stats();
  }
}
