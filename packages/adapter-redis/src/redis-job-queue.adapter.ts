import { randomUUID } from 'node:crypto';
import {
  AppError,
  QUEUE_NAMES,
  type FailOutcome,
  type JobQueue,
  type LeaseState,
  type NewTask,
  type QueueName,
  type QueueStats,
  type Task,
  type TaskError,
  type TaskFilter,
  type TaskPage,
  type TaskStatus,
  type WorkerInfo,
} from '@sift/core';
import type { Redis } from 'ioredis';
import {
  decodeCursor,
  encodeCursor,
  newJobFields,
  snapshotToTask,
  validateNewTask,
  type TaskSnapshot,
} from './redis-task.mapper.js';
import { TASK_SCRIPTS, type TaskScriptName } from './redis-task.scripts.js';
import { execOrThrow, RedisWorkerRegistry } from './redis-worker-registry.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
/** BullMQ's default key prefix is `bull`; Sift's keeps its queues apart from other BullMQ users of a server. */
export const DEFAULT_REDIS_PREFIX = 'sift';

export interface RedisJobQueueOptions {
  /** Key prefix (BullMQ's `prefix` option): `<prefix>:<queue>:…`. Tests give each test its own. */
  prefix?: string;
  /** Clock in epoch ms (tests move it instead of sleeping). */
  now?: () => number;
}

type ScriptRunner = (...args: (string | number)[]) => Promise<unknown>;

/**
 * JobQueue on Redis in BullMQ's data layout: the four Sift queues are four BullMQ queues under one prefix,
 * each task a BullMQ job, each lease a BullMQ job lock whose token is the worker id. Redis is the only
 * truth: every transition is one Lua script (see redis-task.scripts.ts), so any number of API and worker
 * processes can share the queue. The retry policy and the worker loop stay in core's WorkerPool.
 */
export class RedisJobQueue implements JobQueue {
  readonly prefix: string;
  private readonly now: () => number;
  private readonly workers: RedisWorkerRegistry;

  constructor(
    private readonly redis: Redis,
    options: RedisJobQueueOptions = {},
  ) {
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.now = options.now ?? Date.now;
    this.workers = new RedisWorkerRegistry(redis, this.prefix, this.now);
    for (const [name, lua] of Object.entries(TASK_SCRIPTS)) {
      // defineCommand runs the script by its SHA and loads it on NOSCRIPT (a restarted or new server).
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 0, lua });
    }
  }

  async enqueue(input: NewTask): Promise<Task> {
    validateNewTask(input);
    const id = randomUUID();
    const now = this.now();
    const fields = newJobFields(id, input, now);
    const snapshot = await this.run('siftEnqueue', now, id, input.queue, input.uniqueKey ?? '', ...fields);
    return snapshotToTask(snapshot as TaskSnapshot);
  }

  async get(id: string): Promise<Task | null> {
    return this.taskOrNull(await this.run('siftGet', this.now(), id));
  }

  async list(filter: TaskFilter): Promise<TaskPage> {
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE)));
    const upper = filter.cursor ? `(${decodeCursor(filter.cursor)}` : '+inf';
    // An empty filter list matches everything, as an absent one does.
    const anyOf = (values: readonly string[] | undefined) => (values?.length ? values : undefined);
    const where = {
      status: anyOf(filter.status),
      type: anyOf(filter.type),
      queue: anyOf(filter.queue),
      ownerId: filter.ownerId,
      documentId: filter.documentId,
    };
    // One task past the page tells whether another page exists.
    const rows: [TaskSnapshot, string][] = [];
    const filterJson = JSON.stringify(where);
    for (let bound: string | null = upper; bound !== null && rows.length <= limit;) {
      const [found, next] = (await this.run(
        'siftList',
        this.now(),
        bound,
        limit + 1 - rows.length,
        filterJson,
      )) as [[TaskSnapshot, string][], string | null];
      rows.push(...found);
      bound = next;
    }
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(([snapshot]) => snapshotToTask(snapshot)),
      nextCursor: rows.length > limit && last ? encodeCursor(Number(last[1])) : null,
    };
  }

  async claim(request: {
    workerId: string;
    queues: readonly QueueName[];
    leaseMs: number;
  }): Promise<Task | null> {
    const queues = QUEUE_NAMES.filter((q) => request.queues.includes(q));
    const now = this.now();
    const leaseMs = Math.max(1, Math.ceil(request.leaseMs));
    return this.taskOrNull(
      await this.run('siftClaim', now, request.workerId, leaseMs, now + leaseMs, ...queues),
    );
  }

  async heartbeat(id: string, workerId: string, leaseMs: number): Promise<LeaseState> {
    const now = this.now();
    const ms = Math.max(1, Math.ceil(leaseMs));
    return (await this.run('siftHeartbeat', now, id, workerId, ms, now + ms)) as LeaseState;
  }

  async progress(id: string, workerId: string, progress: number, stage: string | null): Promise<boolean> {
    // A slightly off report must not fail the job; the stored fraction stays within 0..1.
    const clamped = Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
    return (await this.run('siftProgress', this.now(), id, workerId, clamped, JSON.stringify(stage))) === 1;
  }

  async complete(id: string, workerId: string, result: unknown): Promise<boolean> {
    const json = result === undefined || result === null ? '' : JSON.stringify(result);
    return (await this.run('siftComplete', this.now(), id, workerId, json)) === 1;
  }

  async fail(id: string, workerId: string, error: TaskError, outcome: FailOutcome): Promise<boolean> {
    const changed = await this.run(
      'siftFail',
      this.now(),
      id,
      workerId,
      error.code,
      error.message,
      JSON.stringify(error.stack ?? null),
      error.retryable ? 1 : 0,
      error.interrupted ? 1 : 0,
      'retryAt' in outcome ? 'retry' : outcome.finalStatus,
      'retryAt' in outcome ? outcome.retryAt.getTime() : 0,
    );
    return changed === 1;
  }

  async release(id: string, workerId: string): Promise<boolean> {
    return (await this.run('siftRelease', this.now(), id, workerId)) === 1;
  }

  async cancel(id: string): Promise<Task | null> {
    return this.taskOrNull(await this.run('siftCancel', this.now(), id));
  }

  async retry(id: string): Promise<Task | null> {
    const reply = await this.run('siftRetry', this.now(), id);
    if (Array.isArray(reply) && reply[0] === '!taken') {
      const [, activeTaskId, uniqueKey] = reply as [string, string, string];
      throw new AppError('TASK_UNIQUE_KEY_TAKEN', 'conflict', `another active task holds key ${uniqueKey}`, {
        details: { id, uniqueKey, activeTaskId },
      });
    }
    return this.taskOrNull(reply);
  }

  async stats(): Promise<QueueStats> {
    const multi = this.redis.multi();
    for (const q of QUEUE_NAMES) {
      multi.zcard(this.key(q, 'delayed'));
      multi.zcard(this.key(q, 'prioritized'));
      multi.llen(this.key(q, 'wait'));
      multi.llen(this.key(q, 'active'));
      multi.zcard(this.key(q, 'completed'));
      multi.zcard(this.key(q, 'failed'));
      multi.zcard(this.key(q, 'dead'));
      multi.zcard(this.key(q, 'cancelled'));
    }
    const [replies, workers] = await Promise.all([execOrThrow(multi), this.workers.list()]);
    const counts = replies.map(Number);
    const byQueue = Object.fromEntries(
      QUEUE_NAMES.map((q, i) => {
        const [delayed, prioritized, wait, active, completed, failed, dead, cancelled] = counts.slice(
          i * 8,
          i * 8 + 8,
        ) as number[] as [number, number, number, number, number, number, number, number];
        const statuses: Record<TaskStatus, number> = {
          pending: delayed + prioritized + wait,
          running: active,
          succeeded: completed,
          // Dead letters are in BullMQ's failed set too (see finishAs in the scripts).
          failed: failed - dead,
          dead,
          cancelled,
        };
        return [q, statuses];
      }),
    ) as QueueStats['byQueue'];
    return { byQueue, workers };
  }

  async pendingCount(): Promise<number> {
    const multi = this.redis.multi();
    for (const q of QUEUE_NAMES) {
      multi.zcard(this.key(q, 'delayed'));
      multi.zcard(this.key(q, 'prioritized'));
      multi.llen(this.key(q, 'wait'));
    }
    return (await execOrThrow(multi)).reduce((sum: number, n) => sum + Number(n), 0);
  }

  async registerWorker(info: Omit<WorkerInfo, 'lastSeenAt'>): Promise<void> {
    await this.workers.register(info);
  }

  async unregisterWorker(id: string): Promise<void> {
    await this.workers.unregister(id);
  }

  async pruneWorkers(before: Date): Promise<number> {
    return this.workers.prune(before);
  }

  private key(queue: QueueName, suffix: string): string {
    return `${this.prefix}:${queue}:${suffix}`;
  }

  private taskOrNull(reply: unknown): Task | null {
    return reply ? snapshotToTask(reply as TaskSnapshot) : null;
  }

  private run(name: TaskScriptName, now: number, ...args: (string | number)[]): Promise<unknown> {
    const runner = (this.redis as unknown as Record<TaskScriptName, ScriptRunner>)[name];
    return runner.call(this.redis, this.prefix, now, ...args);
  }
}
