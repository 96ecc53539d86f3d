import { hostname } from 'node:os';
import type { Config } from '@sift/config';
import {
  AppError,
  DEFAULT_BACKOFF,
  QUEUE_NAMES,
  type EventBus,
  type Logger,
  type Telemetry,
  type WorkerPoolOptions,
} from '@sift/core';

/** WorkerPool options for this process, from config (core reads no process state, so pid/host come from here). */
export function workerPoolOptions(
  config: Config,
  logger: Logger,
  events: EventBus,
  telemetry?: Telemetry,
): WorkerPoolOptions {
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
    ...(telemetry ? { telemetry } : {}),
  };
}

/**
 * The config of a worker process that serves only `queues` (`sift worker --queues high,default`): the other
 * queues get no slots, the named ones keep theirs (at least one each). Unknown names are refused.
 */
export function servingQueues(config: Config, queues: readonly string[]): Config {
  const unknown = queues.filter((q) => !(QUEUE_NAMES as readonly string[]).includes(q));
  if (queues.length === 0 || unknown.length > 0) {
    throw new AppError(
      'INVALID_QUEUES',
      'user',
      `--queues takes a comma-separated list of ${QUEUE_NAMES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
      { details: { unknown, known: [...QUEUE_NAMES] } },
    );
  }
  const concurrency = Object.fromEntries(
    QUEUE_NAMES.map((q) => [q, queues.includes(q) ? Math.max(1, config.workers.concurrency[q]) : 0]),
  ) as Config['workers']['concurrency'];
  return Object.freeze({ ...config, workers: { ...config.workers, concurrency } });
}
