// Queue throughput: no-op jobs per second through core's WorkerPool with 1 and 4 concurrent slots, on the
// embedded SQLite queue and on the Redis queue of the scale-out shape (BENCH_REDIS_URL, default
// redis://127.0.0.1:6379/14, flushed before and after; the Redis figures are left out when it does not answer).
// Prints one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRedisConnection, RedisJobQueue } from '@sift/adapter-redis';
import { openSqliteDatabase, runMigrations, SqliteJobQueue } from '@sift/adapter-sqlite';
import { InProcessEventBus, WorkerPool, type JobHandlers, type JobPayloads, type JobQueue } from '@sift/core';

const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 2_000);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14';

/** Jobs per second draining JOBS no-op tasks from `queue` with `concurrency` slots. */
async function drain(queue: JobQueue, concurrency: number): Promise<number> {
  for (let i = 0; i < JOBS; i++) await queue.enqueue({ type: 'system.noop', queue: 'default', payload: {} });
  let done = 0;
  let finish!: () => void;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const events = new InProcessEventBus();
  events.subscribe((e) => {
    if (e.type === 'task.succeeded' && ++done === JOBS) finish();
  });
  const handlers: JobHandlers<JobPayloads> = { 'system.noop': async () => null };
  const pool = new WorkerPool(queue, handlers, {
    concurrency: { default: concurrency },
    pollIntervalMs: 5,
    events,
  });
  const started = performance.now();
  await pool.start();
  await allDone;
  const seconds = (performance.now() - started) / 1000;
  await pool.stop();
  return JOBS / seconds;
}

async function sqlite(concurrency: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-bench-queue-'));
  const db = openSqliteDatabase(path.join(dir, 'sift.db'));
  try {
    runMigrations(db);
    return await drain(new SqliteJobQueue(db), concurrency);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function redis(concurrency: number): Promise<number | null> {
  const connection = await createRedisConnection(REDIS_URL, { connectTimeoutMs: 2_000 }).catch(() => null);
  if (!connection) return null;
  try {
    await connection.flushdb();
    return await drain(new RedisJobQueue(connection, { prefix: 'sift-bench' }), concurrency);
  } finally {
    await connection.flushdb();
    connection.disconnect();
  }
}

const figures: Record<string, number> = {
  jobs_per_s_1_worker: Math.round(await sqlite(1)),
  jobs_per_s_4_workers: Math.round(await sqlite(4)),
};
for (const concurrency of [1, 4]) {
  const rate = await redis(concurrency);
  if (rate !== null)
    figures[`redis_jobs_per_s_${concurrency}_worker${concurrency > 1 ? 's' : ''}`] = Math.round(rate);
}
console.log(JSON.stringify({ bench: 'queue_throughput', jobs: JOBS, ...figures }));
