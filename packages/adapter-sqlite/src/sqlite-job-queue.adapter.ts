import { randomUUID } from 'node:crypto';
import {
  AppError,
  QUEUE_NAMES,
  TASK_STATUSES,
  type JobQueue,
  type LeaseState,
  type NewTask,
  type QueueName,
  type QueueStats,
  type FailOutcome,
  type Task,
  type TaskError,
  type TaskFilter,
  type TaskPage,
  type TaskStatus,
  type WorkerInfo,
} from '@sift/core';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database.js';
import {
  DEFAULT_MAX_ATTEMPTS,
  decodeCursor,
  encodeCursor,
  errorParams,
  jsonOrNull,
  rowToTask,
  rowToWorker,
  validateNewTask,
  type TaskRow,
  type WorkerRow,
} from './sqlite-task.mapper.js';
import { TASK_SQL } from './sqlite-task.queries.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

type Candidate = Pick<TaskRow, 'seq' | 'priority' | 'run_after'>;

export interface SqliteJobQueueOptions {
  /** Clock in epoch ms (tests move it instead of sleeping). */
  now?: () => number;
}

/**
 * JobQueue on the SQLite file, safe for several processes sharing it (the server and `sift worker`): every
 * transition is one guarded UPDATE, or an IMMEDIATE transaction that takes the write lock before it reads,
 * so two claimers can never pick the same candidate.
 */
export class SqliteJobQueue implements JobQueue {
  private readonly now: () => number;
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteJobQueueOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async enqueue(input: NewTask): Promise<Task> {
    validateNewTask(input);
    const insert = this.db.transaction((): TaskRow => {
      const holder = input.uniqueKey ? this.row(TASK_SQL.activeHolder, input.uniqueKey) : undefined;
      if (holder) return holder;
      const now = this.now();
      return this.sql(TASK_SQL.insert).get({
        id: randomUUID(),
        type: input.type,
        queue: input.queue,
        priority: input.priority ?? 0,
        maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        runAfter: input.runAfter?.getTime() ?? now,
        payload: JSON.stringify(input.payload ?? null),
        ownerId: input.ownerId ?? null,
        documentId: input.documentId ?? null,
        uniqueKey: input.uniqueKey ?? null,
        now,
      }) as TaskRow;
    });
    return rowToTask(insert.immediate());
  }

  async get(id: string): Promise<Task | null> {
    const row = this.row(TASK_SQL.getById, id);
    return row ? rowToTask(row) : null;
  }

  async list(filter: TaskFilter): Promise<TaskPage> {
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE)));
    const where: string[] = [];
    const params: (string | number)[] = [];
    const anyOf = (column: string, values: readonly string[] | undefined) => {
      if (!values?.length) return;
      where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    anyOf('status', filter.status);
    anyOf('type', filter.type);
    anyOf('queue', filter.queue);
    if (filter.ownerId !== undefined) {
      where.push('owner_id = ?');
      params.push(filter.ownerId);
    }
    if (filter.documentId !== undefined) {
      where.push('document_id = ?');
      params.push(filter.documentId);
    }
    if (filter.cursor) {
      where.push('seq < ?');
      params.push(decodeCursor(filter.cursor));
    }
    const conditions = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // One row past the page tells whether another page exists.
    const rows = this.sql(`SELECT * FROM tasks ${conditions} ORDER BY seq DESC LIMIT ?`).all(
      ...params,
      limit + 1,
    ) as TaskRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(rowToTask),
      nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null,
    };
  }

  async claim(request: {
    workerId: string;
    queues: readonly QueueName[];
    leaseMs: number;
  }): Promise<Task | null> {
    const queues = QUEUE_NAMES.filter((q) => request.queues.includes(q));
    const take = this.db.transaction((): TaskRow | undefined => {
      const now = this.now();
      this.sql(TASK_SQL.deadLetterExhausted).run({ now });
      // Queues in rank order: the first queue with a runnable task wins, whatever the priorities elsewhere.
      for (const queue of queues) {
        const pending = this.sql(TASK_SQL.pendingCandidate).get({ queue, now }) as Candidate | undefined;
        const expired = this.sql(TASK_SQL.expiredCandidate).get({ queue, now }) as Candidate | undefined;
        const best =
          pending && expired ? (claimsBefore(expired, pending) ? expired : pending) : (pending ?? expired);
        if (!best) continue;
        const leaseUntil = now + request.leaseMs;
        return this.sql(best === expired ? TASK_SQL.claimExpired : TASK_SQL.claim).get({
          seq: best.seq,
          workerId: request.workerId,
          leaseUntil,
          now,
        }) as TaskRow;
      }
      return undefined;
    });
    const row = take.immediate();
    return row ? rowToTask(row) : null;
  }

  async heartbeat(id: string, workerId: string, leaseMs: number): Promise<LeaseState> {
    if (this.changed(TASK_SQL.heartbeat, { id, workerId, leaseUntil: this.now() + leaseMs })) return 'held';
    const row = this.sql(TASK_SQL.statusById).get(id) as { status: TaskStatus } | undefined;
    return row?.status === 'cancelled' ? 'cancelled' : 'lost';
  }

  async progress(id: string, workerId: string, progress: number, stage: string | null): Promise<boolean> {
    // A fraction outside 0..1 would violate the CHECK; a slightly off report must not fail the job.
    const clamped = Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
    return this.changed(TASK_SQL.progress, { id, workerId, progress: clamped, stage, now: this.now() });
  }

  async complete(id: string, workerId: string, result: unknown): Promise<boolean> {
    return this.changed(TASK_SQL.complete, { id, workerId, result: jsonOrNull(result), now: this.now() });
  }

  async fail(id: string, workerId: string, error: TaskError, outcome: FailOutcome): Promise<boolean> {
    const params = { id, workerId, now: this.now(), ...errorParams(error) };
    return 'retryAt' in outcome
      ? this.changed(TASK_SQL.failRetry, { ...params, retryAt: outcome.retryAt.getTime() })
      : this.changed(TASK_SQL.failFinal, { ...params, status: outcome.finalStatus });
  }

  async release(id: string, workerId: string): Promise<boolean> {
    return this.changed(TASK_SQL.release, { id, workerId, now: this.now() });
  }

  async cancel(id: string): Promise<Task | null> {
    const cancel = this.db.transaction((): TaskRow | undefined => {
      const cancelled = this.sql(TASK_SQL.cancel).get({ id, now: this.now() }) as TaskRow | undefined;
      return cancelled ?? this.row(TASK_SQL.getById, id);
    });
    const row = cancel.immediate();
    return row ? rowToTask(row) : null;
  }

  async retry(id: string): Promise<Task | null> {
    const retry = this.db.transaction((): TaskRow | undefined => {
      const row = this.row(TASK_SQL.getById, id);
      if (!row || (row.status !== 'failed' && row.status !== 'dead')) return row;
      const holder = row.unique_key === null ? undefined : this.row(TASK_SQL.activeHolder, row.unique_key);
      if (holder) {
        throw new AppError(
          'TASK_UNIQUE_KEY_TAKEN',
          'conflict',
          `another active task holds key ${row.unique_key}`,
          {
            details: { id, uniqueKey: row.unique_key, activeTaskId: holder.id },
          },
        );
      }
      return this.sql(TASK_SQL.retry).get({ id, now: this.now() }) as TaskRow;
    });
    const row = retry.immediate();
    return row ? rowToTask(row) : null;
  }

  async stats(): Promise<QueueStats> {
    const byQueue = Object.fromEntries(
      QUEUE_NAMES.map((q) => [q, Object.fromEntries(TASK_STATUSES.map((s) => [s, 0]))]),
    ) as QueueStats['byQueue'];
    const counts = this.sql(TASK_SQL.countByQueueAndStatus).all() as {
      queue: QueueName;
      status: TaskStatus;
      n: number;
    }[];
    for (const { queue, status, n } of counts) byQueue[queue][status] = n;
    const workers = this.sql(TASK_SQL.listWorkers).all() as WorkerRow[];
    return { byQueue, workers: workers.map(rowToWorker) };
  }

  async pendingCount(): Promise<number> {
    return (this.sql(TASK_SQL.countPending).get() as { n: number }).n;
  }

  async registerWorker(info: Omit<WorkerInfo, 'lastSeenAt'>): Promise<void> {
    this.sql(TASK_SQL.registerWorker).run({
      id: info.id,
      pid: info.pid,
      hostname: info.hostname,
      queues: JSON.stringify(info.queues),
      startedAt: Date.parse(info.startedAt),
      now: this.now(),
    });
  }

  async unregisterWorker(id: string): Promise<void> {
    this.sql(TASK_SQL.unregisterWorker).run(id);
  }

  async pruneWorkers(before: Date): Promise<number> {
    return this.sql(TASK_SQL.pruneWorkers).run(before.getTime()).changes;
  }

  private row(sql: string, param: string): TaskRow | undefined {
    return this.sql(sql).get(param) as TaskRow | undefined;
  }

  private changed(sql: string, params: Record<string, unknown>): boolean {
    return this.sql(sql).run(params).changes === 1;
  }

  /** Prepares lazily (the tables exist only after migrations) and once per distinct statement. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

/** Claim order within one queue: higher priority, then earlier run_after, then insertion. */
function claimsBefore(a: Candidate, b: Candidate): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.run_after !== b.run_after) return a.run_after < b.run_after;
  return a.seq < b.seq;
}
