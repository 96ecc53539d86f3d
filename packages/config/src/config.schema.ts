import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Every SIFT_* variable, its default and its meaning. The README's configuration table mirrors this list
 * (`config.schema.test.ts` checks that it does).
 */
export const ENV_SCHEMA = z.object({
  SIFT_DATA_DIR: z.string().min(1).default('./data').describe('Where the database, blobs and indexes live'),
  SIFT_HOST: z.string().min(1).default('127.0.0.1').describe('Interface the HTTP server binds to'),
  SIFT_PORT: int(0, 65_535).default(8080).describe('HTTP port (0 picks a free one)'),
  SIFT_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level'),
  SIFT_LOG_FORMAT: z.enum(['json', 'pretty']).default('json').describe('json (one object a line) or pretty'),
  SIFT_WORKERS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('Whether `sift serve` also runs job workers in-process'),
  SIFT_QUEUE_CONCURRENCY_HIGH: int(0, 64).default(1).describe('Parallel jobs from the high queue (audio)'),
  SIFT_QUEUE_CONCURRENCY_DEFAULT: int(0, 64)
    .default(2)
    .describe('Parallel jobs from the default queue (documents)'),
  SIFT_QUEUE_CONCURRENCY_LOW: int(0, 64).default(1).describe('Parallel jobs from the low queue (images)'),
  SIFT_QUEUE_CONCURRENCY_MAINTENANCE: int(0, 64)
    .default(1)
    .describe('Parallel jobs from the maintenance queue'),
  SIFT_WORKER_MAX_CONCURRENT: int(1, 256)
    .default(2)
    .describe('Jobs one worker process runs at once, all queues'),
  SIFT_QUEUE_LEASE_MS: int(1_000, 3_600_000)
    .default(30_000)
    .describe('Lease of a running job; retaken after it if its worker died'),
  SIFT_QUEUE_POLL_MS: int(10, 60_000).default(500).describe('How often idle workers look for new jobs'),
  SIFT_JOB_MAX_ATTEMPTS: int(1, 100).default(3).describe('Attempts before a retryable failure becomes dead'),
  SIFT_JOB_BACKOFF_MS: int(0, 3_600_000).default(1_000).describe('First retry delay; doubles per attempt'),
  SIFT_SHUTDOWN_GRACE_MS: int(0, 600_000)
    .default(10_000)
    .describe('How long shutdown waits for running jobs'),
  SIFT_MIN_FREE_DISK_MB: int(0, 10_000_000)
    .default(256)
    .describe('Readiness fails below this free space in the data dir'),
});

export type RawEnv = z.input<typeof ENV_SCHEMA>;
export type ParsedEnv = z.output<typeof ENV_SCHEMA>;
