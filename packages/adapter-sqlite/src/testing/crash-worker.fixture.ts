/**
 * A worker process for the crash tests, run as
 *   node --import <tsx> crash-worker.fixture.ts <dbFile> <workerId> <hang|work> <leaseMs>
 * It runs core's WorkerPool on the shared SQLite file and reports on stdout: `READY` once it polls, and
 * `EFFECT <taskId>` after each task's effect. In `hang` mode the handler then never returns, so the test can
 * SIGKILL the process mid-job; in `work` mode it finishes each task and stops gracefully on SIGTERM.
 */
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkerPool } from '@sift/core';
import { openSqliteDatabase } from '../sqlite-database.js';
import { SqliteJobQueue } from '../sqlite-job-queue.adapter.js';
import { effectHandler, type CrashJobs } from './crash-effects.js';

const [dbFile, workerId, mode, leaseMs] = process.argv.slice(2);
if (!dbFile || !workerId || (mode !== 'hang' && mode !== 'work') || !leaseMs) {
  console.error('usage: crash-worker.fixture.ts <dbFile> <workerId> <hang|work> <leaseMs>');
  process.exit(2);
}

const db = openSqliteDatabase(dbFile);
const pool = new WorkerPool<CrashJobs>(
  new SqliteJobQueue(db),
  {
    effect: effectHandler(db, workerId, async (taskId) => {
      console.log(`EFFECT ${taskId}`);
      // Hang: a process that dies here has applied its effect but never completes the task.
      if (mode === 'hang') await new Promise<never>(() => {});
      else await sleep(20);
    }),
  },
  {
    workerId,
    concurrency: { default: 2 },
    leaseMs: Number(leaseMs),
    pollIntervalMs: 20,
    process: { pid: process.pid, hostname: os.hostname() },
  },
);

process.once('SIGTERM', () => {
  void pool
    .stop({ graceMs: 2_000 })
    .then(() => db.close())
    .then(() => process.exit(0));
});

await pool.start();
console.log('READY');
