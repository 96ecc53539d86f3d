import type { QueueName, Task } from './job.types.js';

/**
 * Typed job names → payload types. Each capability adds its jobs here so that enqueueing a job with the
 * wrong payload does not compile.
 */
export interface JobPayloads {
  /** Does nothing (optionally waits); used by benchmarks and to check that workers are alive. */
  'system.noop': { sleepMs?: number };
  /** Extract, chunk and index one document. */
  'document.ingest': { documentId: string };
  /** Bring a directory source in sync with its collection. */
  'source.scan': { sourceId: string };
  /** Embed every chunk into the configured model's vector space, then make it the serving one (blue/green). */
  'index.reembed': { space: string };
  /** POST one webhook delivery (its row holds event, URL and signature inputs); retried with backoff. */
  'webhook.deliver': { deliveryId: string };
  /** Write an online backup archive (scheduled, or asked for through the admin API). */
  'system.backup': { backupId: string; scheduled: boolean };
}

export type JobName = keyof JobPayloads;

/** Where each job type runs unless the caller says otherwise. */
export const JOB_DEFAULTS: { readonly [N in JobName]: { queue: QueueName; maxAttempts?: number } } = {
  'system.noop': { queue: 'maintenance' },
  // The ingest service picks the queue by file category (audio high, documents default, images and archives low).
  'document.ingest': { queue: 'default' },
  'source.scan': { queue: 'low', maxAttempts: 2 },
  'index.reembed': { queue: 'maintenance', maxAttempts: 5 },
  // Receivers are often briefly down: more attempts, spread by the backoff.
  'webhook.deliver': { queue: 'low', maxAttempts: 6 },
  'system.backup': { queue: 'maintenance', maxAttempts: 2 },
};

/** What a running handler gets. */
export interface JobContext<P> {
  task: Task<P>;
  payload: P;
  /** Aborted when the task is cancelled, its lease is lost, or the worker shuts down. */
  signal: AbortSignal;
  /** Reports progress 0..1 and the current stage (visible in the task API and as events). */
  progress(fraction: number, stage?: string | null): Promise<void>;
}

/**
 * A handler must be idempotent: delivery is at-least-once, so after a crash the same task runs again.
 * Return a JSON-serialisable result. Throw an AppError with `retryable: false` (or a user/not_found/conflict
 * category) to fail at once; any other error is retried with backoff until the last attempt.
 */
export type JobHandler<P> = (ctx: JobContext<P>) => Promise<unknown>;

export type JobHandlers<M extends object = JobPayloads> = { [N in keyof M]?: JobHandler<M[N]> };
