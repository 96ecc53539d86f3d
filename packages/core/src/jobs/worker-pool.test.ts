import { afterEach, describe, expect, it } from 'vitest';
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
