import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { MetricLabels } from '../ports/telemetry.port.js';
import type { MetricName } from '../telemetry/metric-catalog.js';
import { noopTracer } from '../ports/telemetry.port.js';
import { InMemoryJobQueue } from '../testing/in-memory-job-queue.js';
import { WorkerPool } from './worker-pool.js';

function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = async () => {
      if (await condition()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(poll, 5);
    };
    void poll();
  });
}

describe('WorkerPool', () => {
  const pools: WorkerPool<{ slow: object }>[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.stop({ graceMs: 0 });
  });

  it('does not start a second execution when it takes back its own task after its lease lapsed', async () => {
    // A handler that blocks the event loop past the lease (a long synchronous parse) misses its heartbeats;
    // the pool's next claim then finds its own task "expired". The fake clock stands in for that stall.
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const queue = new InMemoryJobQueue({ now: () => clock });
    let calls = 0;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const pool = new WorkerPool<{ slow: object }>(
      queue,
      {
        slow: async () => {
          calls += 1;
          await finished;
          return 'done';
        },
      },
      { concurrency: { default: 2 }, leaseMs: 60_000, pollIntervalMs: 5 },
    );
    pools.push(pool);
    const { id } = await queue.enqueue({ type: 'slow', queue: 'default', payload: {} });
    await pool.start();
    await waitFor(() => calls === 1);

    clock += 120_000;
    await waitFor(async () => (await queue.get(id))?.attempts === 2);
    expect(calls).toBe(1);
    expect(pool.active).toBe(1);

    finish();
    await waitFor(async () => (await queue.get(id))?.status === 'succeeded');
    expect(calls).toBe(1);
  });
});

describe('WorkerPool poison pills', () => {
  const pools: WorkerPool<{ job: object }>[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.stop({ graceMs: 0 });
  });

  const counted: { metric: MetricName; labels: MetricLabels }[] = [];
  const metrics = {
    count: (metric: MetricName, labels: MetricLabels = {}) => void counted.push({ metric, labels }),
    observe: () => {},
    set: () => {},
  };

  function startPool(queue: InMemoryJobQueue, job: () => Promise<unknown>): WorkerPool<{ job: object }> {
    const pool = new WorkerPool<{ job: object }>(
      queue,
      { job },
      {
        concurrency: { default: 1 },
        leaseMs: 60_000,
        pollIntervalMs: 5,
        backoff: { baseMs: 1, factor: 1, maxMs: 1, jitter: 0 },
        telemetry: { metrics, tracer: noopTracer },
      },
    );
    pools.push(pool);
    return pool;
  }

  it('fails a task whose workers died twice without running it a third time', async () => {
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const queue = new InMemoryJobQueue({ now: () => clock });
    const { id } = await queue.enqueue({ type: 'job', queue: 'default', payload: {}, maxAttempts: 10 });
    // Two workers claim it and die (they never renew or finish): each expired lease is an interruption.
    for (const dead of ['killed-1', 'killed-2']) {
      await queue.claim({ workerId: dead, queues: ['default'], leaseMs: 1_000 });
      clock += 2_000;
    }
    let runs = 0;
    await startPool(queue, async () => {
      runs += 1;
    }).start();
    await waitFor(async () => (await queue.get(id))?.status === 'failed');
    const task = await queue.get(id);
    expect(runs).toBe(0);
    expect(task).toMatchObject({ interruptions: 2, error: { code: 'TASK_POISON_PILL', retryable: false } });
    expect(counted.filter((c) => c.metric === 'sift_job_poison_pills_total')).toEqual([
      { metric: 'sift_job_poison_pills_total', labels: { type: 'job' } },
    ]);
  });

  it('fails a task for good the second time it stalls, though attempts are left', async () => {
    const queue = new InMemoryJobQueue();
    const { id } = await queue.enqueue({ type: 'job', queue: 'default', payload: {}, maxAttempts: 10 });
    let runs = 0;
    await startPool(queue, async () => {
      runs += 1;
      throw new AppError('EXTRACTION_TIMEOUT', 'system', 'took too long', { interrupted: true });
    }).start();
    await waitFor(async () => (await queue.get(id))?.status === 'failed');
    expect(runs).toBe(2);
    expect(await queue.get(id)).toMatchObject({
      attempts: 2,
      interruptions: 2,
      error: { code: 'EXTRACTION_TIMEOUT', retryable: false },
    });
  });
});
