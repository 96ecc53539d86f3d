import {
  AppError,
  backoffDelay,
  WorkerPool,
  type BackoffPolicy,
  type JobHandlers,
  type JobQueue,
  type Task,
  type WorkerPoolOptions,
} from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latch, sleep, waitFor, type Latch } from './async-helpers.js';
import { newTask, type JobQueueFactory } from './job-queue.fixture.js';

/** Job types of these tests; each test registers only the handlers it needs. */
interface TestJobs {
  record: { label: string };
  flaky: Record<string, never>;
  permanent: Record<string, never>;
  hold: Record<string, never>;
  sleep: { ms: number };
  stubborn: Record<string, never>;
  report: Record<string, never>;
}

/**
 * Short, jitter-free backoff whose steps differ by far more than scheduling noise on a loaded machine (40 ms,
 * then 240 ms), so "the wait grew" holds however slowly the test runs.
 */
const BACKOFF: BackoffPolicy = { baseMs: 40, factor: 6, maxMs: 5_000, jitter: 0 };

/**
 * Core's WorkerPool driving a real queue backend: proves the retry policy, cancellation and graceful shutdown
 * end to end on every adapter, not only against the in-memory fake.
 */
export function describeWorkerPool(name: string, factory: JobQueueFactory): void {
  describe(`WorkerPool on ${name}`, () => {
    let current: Awaited<ReturnType<JobQueueFactory>> | null = null;
    const pools: WorkerPool<TestJobs>[] = [];
    const latches: Latch[] = [];
    const queue = (): JobQueue => {
      if (!current) throw new Error('the queue is only available inside a test');
      return current.queue;
    };
    const hold = (): Latch => {
      const l = latch();
      latches.push(l);
      return l;
    };
    const startPool = async (handlers: JobHandlers<TestJobs>, options: Partial<WorkerPoolOptions> = {}) => {
      const pool = new WorkerPool<TestJobs>(queue(), handlers, {
        concurrency: { high: 1, default: 2, low: 1, maintenance: 1 },
        leaseMs: 300,
        pollIntervalMs: 20,
        backoff: BACKOFF,
        ...options,
      });
      pools.push(pool);
      await pool.start();
      return pool;
    };
    const statusOf = async (id: string): Promise<Task> => {
      const task = await queue().get(id);
      if (!task) throw new Error(`task ${id} vanished`);
      return task;
    };
    const settled = (id: string, status: Task['status']) =>
      waitFor(
        async () => {
          const task = await statusOf(id);
          return task.status === status ? task : null;
        },
        { what: `task ${id} to be ${status}` },
      );

    beforeEach(async () => {
      current = await factory();
    });

    afterEach(async () => {
      for (const l of latches.splice(0)) l.open();
      for (const pool of pools.splice(0)) await pool.stop({ graceMs: 1_000 });
      await current?.cleanup();
      current = null;
    });

    it('runs waiting tasks by queue rank when one slot is free at a time', async () => {
      const ids: string[] = [];
      for (const q of ['low', 'default', 'high'] as const) {
        ids.push((await queue().enqueue(newTask({ type: 'record', queue: q, payload: { label: q } }))).id);
      }
      const order: string[] = [];
      await startPool(
        {
          record: async ({ payload }) => {
            order.push(payload.label);
            return { label: payload.label };
          },
        },
        { concurrency: { high: 1, default: 1, low: 1 }, maxConcurrent: 1 },
      );
      await waitFor(() => order.length === 3, { what: 'three tasks to run' });
      expect(order).toEqual(['high', 'default', 'low']);
      for (const [i, id] of ids.entries()) {
        expect(await settled(id, 'succeeded')).toMatchObject({
          result: { label: ['low', 'default', 'high'][i] },
        });
      }
    });

    it('retries a retryable failure with growing backoff, then dead-letters it with the error kept', async () => {
      const { id } = await queue().enqueue(newTask({ type: 'flaky', maxAttempts: 3 }));
      const startedAt: number[] = [];
      await startPool({
        flaky: async () => {
          startedAt.push(Date.now());
          throw new AppError('PROVIDER_DOWN', 'third_party', 'embedding provider unavailable');
        },
      });
      const dead = await settled(id, 'dead');
      expect(dead.attempts).toBe(3);
      expect(startedAt).toHaveLength(3);
      expect(dead.error).toMatchObject({
        code: 'PROVIDER_DOWN',
        message: 'embedding provider unavailable',
        retryable: true,
      });
      expect(dead.error?.stack).toContain('embedding provider unavailable');
      const gaps = startedAt.slice(1).map((t, i) => t - (startedAt[i] ?? t));
      // A retry never runs before its backoff is over, and each wait is longer than the one before.
      gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(backoffDelay(i + 1, BACKOFF)));
      expect(gaps[1]).toBeGreaterThan(gaps[0] ?? Infinity);
    });

    it.each([
      ['a user error', new AppError('UNSUPPORTED_FILE', 'user', 'cannot read .xyz files')],
      [
        'a non-retryable system error',
        new AppError('NO_PARSER', 'system', 'no parser configured', { retryable: false }),
      ],
    ])('fails at once after one attempt on %s', async (_label, error) => {
      const { id } = await queue().enqueue(newTask({ type: 'permanent', maxAttempts: 5 }));
      let calls = 0;
      await startPool({
        permanent: async () => {
          calls += 1;
          throw error;
        },
      });
      const failed = await settled(id, 'failed');
      expect(failed.attempts).toBe(1);
      expect(failed.error).toMatchObject({ code: error.code, message: error.message, retryable: false });
      expect(calls).toBe(1);
    });

    it('fails a task of a type it has no handler for, without retrying', async () => {
      const { id } = await queue().enqueue(newTask({ type: 'record', payload: { label: 'x' } }));
      await startPool({});
      const failed = await settled(id, 'failed');
      expect(failed).toMatchObject({ attempts: 1, error: { code: 'JOB_HANDLER_MISSING', retryable: false } });
    });

    it('aborts the signal of a running task that is cancelled and leaves it cancelled', async () => {
      const { id } = await queue().enqueue(newTask({ type: 'hold' }));
      const started = hold();
      let reason: unknown = null;
      const pool = await startPool({
        hold: async ({ signal }) => {
          started.open();
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          reason = signal.reason;
          throw signal.reason;
        },
      });
      await started.promise;
      await queue().cancel(id);
      await waitFor(() => reason !== null && pool.active === 0, { what: 'the handler to see the abort' });
      expect(reason).toMatchObject({ code: 'TASK_CANCELLED' });
      expect(await statusOf(id)).toMatchObject({ status: 'cancelled', error: null, attempts: 1 });
    });

    it('on stop lets a short task finish and releases one that overstays the grace period, uncounted', async () => {
      const short = await queue().enqueue(newTask({ type: 'sleep', payload: { ms: 100 } }));
      const long = await queue().enqueue(newTask({ type: 'stubborn' }));
      const forever = hold();
      let longSignal: AbortSignal | null = null;
      const pool = await startPool({
        sleep: async ({ payload }) => {
          await sleep(payload.ms);
          return 'done';
        },
        stubborn: async ({ signal }) => {
          longSignal = signal;
          await forever.promise; // ignores the signal on purpose
        },
      });
      await settled(short.id, 'running');
      await settled(long.id, 'running');
      await pool.stop({ graceMs: 1_000 });
      expect(await statusOf(short.id)).toMatchObject({ status: 'succeeded', result: 'done' });
      expect(await statusOf(long.id)).toMatchObject({ status: 'pending', attempts: 0, workerId: null });
      expect((longSignal as AbortSignal | null)?.aborted).toBe(true);
      expect((await queue().stats()).workers.map((w) => w.id)).not.toContain(pool.id);
    });

    it('stores the progress and stage a handler reports', async () => {
      const { id } = await queue().enqueue(newTask({ type: 'report' }));
      const proceed = hold();
      await startPool({
        report: async ({ progress }) => {
          await progress(0.5, 'embedding');
          await proceed.promise;
          return null;
        },
      });
      await waitFor(async () => (await statusOf(id)).stage === 'embedding', {
        what: 'progress to be stored',
      });
      expect(await statusOf(id)).toMatchObject({ status: 'running', progress: 0.5, stage: 'embedding' });
      proceed.open();
      expect(await settled(id, 'succeeded')).toMatchObject({ progress: 1 });
    });

    it('registers itself with its identity while running', async () => {
      const pool = await startPool({}, { workerId: 'pool-a', process: { pid: 4242, hostname: 'box-1' } });
      const workers = (await queue().stats()).workers;
      expect(workers).toEqual([
        expect.objectContaining({ id: 'pool-a', pid: 4242, hostname: 'box-1', queues: pool.queues }),
      ]);
    });
  });
}
