// Queue throughput: no-op jobs per second through the embedded SQLite queue and core's WorkerPool, with 1
// and 4 concurrent slots. Prints one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteDatabase, runMigrations, SqliteJobQueue } from '@sift/adapter-sqlite';
import { InProcessEventBus, WorkerPool, type JobHandlers, type JobPayloads } from '@sift/core';

const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 2_000);

async function measure(concurrency: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-bench-queue-'));
  const db = openSqliteDatabase(path.join(dir, 'sift.db'));
  try {
    runMigrations(db);
    const queue = new SqliteJobQueue(db);
    for (let i = 0; i < JOBS; i++)
      await queue.enqueue({ type: 'system.noop', queue: 'default', payload: {} });
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
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const one = await measure(1);
const four = await measure(4);
console.log(
  JSON.stringify({
    bench: 'queue_throughput',
    jobs: JOBS,
    jobs_per_s_1_worker: Math.round(one),
    jobs_per_s_4_workers: Math.round(four),
  }),
);
