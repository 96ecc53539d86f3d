import { AppError, WorkerPool } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteJobQueue } from './sqlite-job-queue.adapter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The database refusing writes (disk full, read-only remount) while a task ends must not crash the process:
 * the outcome is recorded once writes work again. `query_only` makes SQLite refuse every write with a real
 * SQLITE_READONLY error, as a read-only remount does.
 */
describe('WorkerPool on a SQLite queue that refuses writes', () => {
  let temp: TempDatabase;
  let pool: WorkerPool<{ job: object }> | null = null;
  afterEach(async () => {
    temp.db.pragma('query_only = OFF');
    await pool?.stop({ graceMs: 0 });
    temp.cleanup();
  });

  it.each([
    ['fails', () => Promise.reject(new AppError('BAD_INPUT', 'user', 'permanent'))] as const,
    ['succeeds', () => Promise.resolve('ok')] as const,
  ])('survives a task that %s while writes are refused, and records it once they work', async (_, end) => {
    temp = createTempDatabase();
    const queue = new SqliteJobQueue(temp.db);
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { id } = await queue.enqueue({ type: 'job', queue: 'default', payload: {} });
      let refusedAt = 0;
      pool = new WorkerPool<{ job: object }>(
        queue,
        {
          job: async () => {
            temp.db.pragma('query_only = ON');
            refusedAt = Date.now();
            return end();
          },
        },
        { concurrency: { default: 1 }, leaseMs: 3_000, pollIntervalMs: 10 },
      );
      await pool.start();
      await waitFor(async () => refusedAt > 0);
      await new Promise((r) => setTimeout(r, 400));
      expect((await queue.get(id))?.status).toBe('running');
      temp.db.pragma('query_only = OFF');
      await waitFor(async () => (await queue.get(id))?.status !== 'running');
      const task = await queue.get(id);
      expect(task?.status).toBe(_ === 'fails' ? 'failed' : 'succeeded');
      expect(task?.attempts).toBe(1);
      expect(unhandled).toEqual([]);
      expect(pool.isAlive()).toBe(true);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
