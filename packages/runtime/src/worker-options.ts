import { hostname } from 'node:os';
import type { Config } from '@sift/config';
import { DEFAULT_BACKOFF, type EventBus, type Logger, type WorkerPoolOptions } from '@sift/core';

/** WorkerPool options for this process, from config (core reads no process state, so pid/host come from here). */
export function workerPoolOptions(config: Config, logger: Logger, events: EventBus): WorkerPoolOptions {
  return {
    concurrency: { ...config.workers.concurrency },
    maxConcurrent: config.workers.maxConcurrent,
    leaseMs: config.queue.leaseMs,
    pollIntervalMs: config.queue.pollMs,
    // Only the first delay is configurable; growth, cap and jitter keep the core defaults.
    backoff: { ...DEFAULT_BACKOFF, baseMs: config.queue.backoffBaseMs },
    process: { pid: process.pid, hostname: hostname() },
    logger,
    events,
  };
}
