/**
 * A worker process for the crash tests, run as
 *   node --import <tsx> crash-worker.fixture.ts <redisUrl> <prefix> <workerId> <hang|work> <leaseMs>
 * It runs core's WorkerPool on the shared Redis queue and reports on stdout: `READY` once it polls, and
 * `EFFECT <taskId>` after each task's effect. In `hang` mode the handler then never returns, so the test can
 * SIGKILL the process mid-job; in `work` mode it finishes each task and stops gracefully on SIGTERM.
 */
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkerPool } from '@sift/core';
import { createRedisConnection } from '../redis-connection.js';
import { RedisJobQueue } from '../redis-job-queue.adapter.js';
import { effectHandler, type CrashJobs } from './crash-effects.js';

const [url, prefix, workerId, mode, leaseMs] = process.argv.slice(2);
if (!url || !prefix || !workerId || (mode !== 'hang' && mode !== 'work') || !leaseMs) {
  console.error('usage: crash-worker.fixture.ts <redisUrl> <prefix> <workerId> <hang|work> <leaseMs>');
  process.exit(2);
}

const redis = await createRedisConnection(url);
const pool = new WorkerPool<CrashJobs>(
  new RedisJobQueue(redis, { prefix }),
  {
    effect: effectHandler(redis, prefix, workerId, async (taskId) => {
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
    .then(() => redis.quit())
    .then(() => process.exit(0));
});

await pool.start();
console.log('READY');
