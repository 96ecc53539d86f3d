import { randomUUID } from 'node:crypto';
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
import type { JobQueue } from '../ports/job-queue.port.js';
import {
  clampProgress,
  claimOrder,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  emptyCounts,
  encodeCursor,
  leaseExpiredError,
  MAX_PAGE_SIZE,
  patch,
  toTask,
  uniqueKeyTaken,
  validateNewTask,
  type TaskRecord,
} from './in-memory-task.record.js';

export interface InMemoryJobQueueOptions {
  /** Clock in epoch ms; tests pass a controllable one to move leases and run_after without sleeping. */
  now?: () => number;
}

/**
 * A JobQueue held in a Map, with exactly the port's semantics (it passes the same contract suite as the SQLite
 * adapter). For small tests of core use cases; every call completes synchronously, so it is trivially atomic.
 */
export class InMemoryJobQueue implements JobQueue {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly workers = new Map<string, WorkerInfo>();
  private readonly now: () => number;
  private seq = 0;

  constructor(options: InMemoryJobQueueOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async enqueue(input: NewTask): Promise<Task> {
    validateNewTask(input);
    if (input.uniqueKey) {
      const holder = this.activeHolderOf(input.uniqueKey);
      if (holder) return toTask(holder);
    }
    const now = this.now();
    const record: TaskRecord = {
      seq: ++this.seq,
      id: randomUUID(),
      type: input.type,
      queue: input.queue,
      priority: input.priority ?? 0,
      status: 'pending',
      attempts: 0,
      maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      interruptions: 0,
      payload: JSON.stringify(input.payload ?? null),
      result: null,
      error: null,
      progress: 0,
      stage: null,
      ownerId: input.ownerId ?? null,
      documentId: input.documentId ?? null,
      uniqueKey: input.uniqueKey ?? null,
      workerId: null,
      runAfter: input.runAfter?.getTime() ?? now,
      leaseUntil: null,
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
    };
    this.tasks.set(record.id, record);
    return toTask(record);
  }

  async get(id: string): Promise<Task | null> {
    const record = this.tasks.get(id);
    return record ? toTask(record) : null;
  }

  async list(filter: TaskFilter): Promise<TaskPage> {
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE)));
    const before = filter.cursor ? decodeCursor(filter.cursor) : Infinity;
    const matches = [...this.tasks.values()]
      .filter(
        (r) =>
          r.seq < before &&
          (!filter.status?.length || filter.status.includes(r.status)) &&
          (!filter.type?.length || filter.type.includes(r.type)) &&
          (!filter.queue?.length || filter.queue.includes(r.queue)) &&
          (filter.documentId === undefined || r.documentId === filter.documentId) &&
          (filter.ownerId === undefined || r.ownerId === filter.ownerId),
      )
      .sort((a, b) => b.seq - a.seq);
    const page = matches.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toTask),
      nextCursor: matches.length > limit && last ? encodeCursor(last.seq) : null,
    };
  }

  async claim(request: {
    workerId: string;
    queues: readonly QueueName[];
    leaseMs: number;
  }): Promise<Task | null> {
    const now = this.now();
    const wanted = new Set(request.queues);
    const runnable: TaskRecord[] = [];
    for (const r of this.tasks.values()) {
      const expired = r.status === 'running' && r.leaseUntil !== null && r.leaseUntil < now;
      if (expired && r.attempts >= r.maxAttempts) {
        // Its worker died during the last attempt: running it again could kill the next worker too. Swept in
        // every queue, so it does not sit "running" until a worker of its own queue looks.
        patch(r, {
          status: 'dead',
          leaseUntil: null,
          finishedAt: now,
          updatedAt: now,
          error: leaseExpiredError(),
          interruptions: r.interruptions + 1,
        });
      } else if (wanted.has(r.queue) && (expired || (r.status === 'pending' && r.runAfter <= now))) {
        runnable.push(r);
      }
    }
    const next = runnable.sort(claimOrder)[0];
    if (!next) return null;
    // Retaken after its worker stopped renewing the lease: that attempt was interrupted.
    if (next.status === 'running') {
      patch(next, { interruptions: next.interruptions + 1, error: leaseExpiredError() });
    }
    patch(next, {
      status: 'running',
      attempts: next.attempts + 1,
      workerId: request.workerId,
      leaseUntil: now + request.leaseMs,
      startedAt: now,
      updatedAt: now,
    });
    return toTask(next);
  }

  async heartbeat(id: string, workerId: string, leaseMs: number): Promise<LeaseState> {
    const record = this.tasks.get(id);
    if (record?.status === 'cancelled') return 'cancelled';
    const owned = this.owned(id, workerId);
    if (!owned) return 'lost';
    owned.leaseUntil = this.now() + leaseMs;
    return 'held';
  }

  async progress(id: string, workerId: string, progress: number, stage: string | null): Promise<boolean> {
    const owned = this.owned(id, workerId);
    if (!owned) return false;
    patch(owned, { progress: clampProgress(progress), stage, updatedAt: this.now() });
    return true;
  }

  async complete(id: string, workerId: string, result: unknown): Promise<boolean> {
    const owned = this.owned(id, workerId);
    if (!owned) return false;
    const now = this.now();
    patch(owned, {
      status: 'succeeded',
      result: result === undefined || result === null ? null : JSON.stringify(result),
      progress: 1,
      leaseUntil: null,
      finishedAt: now,
      updatedAt: now,
    });
    return true;
  }

  async fail(id: string, workerId: string, error: TaskError, outcome: FailOutcome): Promise<boolean> {
    const owned = this.owned(id, workerId);
    if (!owned) return false;
    const now = this.now();
    const { interrupted, ...kept } = error;
    patch(owned, {
      error: kept,
      leaseUntil: null,
      updatedAt: now,
      interruptions: owned.interruptions + (interrupted ? 1 : 0),
    });
    if ('retryAt' in outcome) {
      patch(owned, { status: 'pending', workerId: null, runAfter: outcome.retryAt.getTime() });
    } else {
      patch(owned, { status: outcome.finalStatus, finishedAt: now });
    }
    return true;
  }

  async release(id: string, workerId: string): Promise<boolean> {
    const owned = this.owned(id, workerId);
    if (!owned) return false;
    patch(owned, {
      status: 'pending',
      attempts: Math.max(0, owned.attempts - 1),
      workerId: null,
      leaseUntil: null,
      updatedAt: this.now(),
    });
    return true;
  }

  async cancel(id: string): Promise<Task | null> {
    const record = this.tasks.get(id);
    if (!record) return null;
    if (record.status === 'pending' || record.status === 'running') {
      const now = this.now();
      // workerId stays, so the heartbeat of the worker that ran it can tell "cancelled" from "lost".
      patch(record, { status: 'cancelled', leaseUntil: null, finishedAt: now, updatedAt: now });
    }
    return toTask(record);
  }

  async retry(id: string): Promise<Task | null> {
    const record = this.tasks.get(id);
    if (!record) return null;
    if (record.status !== 'failed' && record.status !== 'dead') return toTask(record);
    if (record.uniqueKey) {
      const holder = this.activeHolderOf(record.uniqueKey);
      if (holder) throw uniqueKeyTaken(record, holder.id);
    }
    const now = this.now();
    patch(record, {
      status: 'pending',
      attempts: 0,
      interruptions: 0,
      error: null,
      result: null,
      progress: 0,
      stage: null,
      workerId: null,
      leaseUntil: null,
      runAfter: now,
      startedAt: null,
      finishedAt: null,
      updatedAt: now,
    });
    return toTask(record);
  }

  async stats(): Promise<QueueStats> {
    const byQueue = emptyCounts();
    for (const r of this.tasks.values()) byQueue[r.queue][r.status] += 1;
    return { byQueue, workers: [...this.workers.values()].map((w) => ({ ...w, queues: [...w.queues] })) };
  }

  async pendingCount(): Promise<number> {
    return [...this.tasks.values()].filter((r) => r.status === 'pending').length;
  }

  async registerWorker(info: Omit<WorkerInfo, 'lastSeenAt'>): Promise<void> {
    const lastSeenAt = new Date(this.now()).toISOString();
    const known = this.workers.get(info.id);
    // A re-registration is a sign of life: the worker keeps the start time of its first registration.
    this.workers.set(info.id, {
      ...info,
      queues: [...info.queues],
      startedAt: known?.startedAt ?? info.startedAt,
      lastSeenAt,
    });
  }

  async unregisterWorker(id: string): Promise<void> {
    this.workers.delete(id);
  }

  async pruneWorkers(before: Date): Promise<number> {
    let pruned = 0;
    for (const [id, w] of this.workers) {
      if (Date.parse(w.lastSeenAt) < before.getTime()) {
        this.workers.delete(id);
        pruned += 1;
      }
    }
    return pruned;
  }

  private owned(id: string, workerId: string): TaskRecord | null {
    const record = this.tasks.get(id);
    return record?.status === 'running' && record.workerId === workerId ? record : null;
  }

  private activeHolderOf(uniqueKey: string): TaskRecord | undefined {
    return [...this.tasks.values()].find(
      (r) => r.uniqueKey === uniqueKey && (r.status === 'pending' || r.status === 'running'),
    );
  }
}
