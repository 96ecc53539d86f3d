import { AppError, asStorageError, type Logger } from '@sift/core';
import type { ReadinessReport } from './readiness.js';

/** Options of {@link HealthMonitor}. */
export interface HealthMonitorOptions {
  /** The full readiness check (a test write, free disk, workers). */
  probe: () => Promise<ReadinessReport>;
  /** Checks cheap enough to read at every report (in-memory state such as the LLM circuit). */
  live?: () => Partial<ReadinessReport['checks']>;
  /** Tasks waiting in the queues. */
  pendingTasks: () => Promise<number>;
  /** Uploads are refused while more tasks than this wait (SIFT_INTAKE_MAX_PENDING). */
  maxPendingTasks: number;
  /** How often the checks run in the background. Default 2 s. */
  intervalMs?: number;
  logger: Logger;
}

/** What a refused upload is told to wait, in seconds, when the queues are full. */
const QUEUE_FULL_RETRY_AFTER_S = 30;
/** … and when the disk refuses writes: the next checks decide. */
const STORAGE_RETRY_AFTER_S = 60;

/**
 * Readiness from cheap cached checks, and the intake decision that depends on it. The checks run in the
 * background every couple of seconds, so `/health/ready` answers from memory even while the process is
 * loaded (a probe that waits for a database write under load would time out exactly when it matters), and
 * uploads are refused — 507 while the disk refuses writes, 503 with Retry-After while the queues are deeper
 * than the limit — instead of being accepted and lost, or letting every latency grow without bound.
 * A storage failure seen anywhere turns readiness red at once; it clears when a check writes again.
 */
export class HealthMonitor {
  private last: ReadinessReport | null = null;
  private lastAt = 0;
  private pending = 0;
  private storageFailure: AppError | null = null;
  private refreshing: Promise<ReadinessReport> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly intervalMs: number;

  constructor(private readonly options: HealthMonitorOptions) {
    this.intervalMs = options.intervalMs ?? 2_000;
  }

  /** Runs the checks now and then every interval, until `stop()`. */
  start(): void {
    if (this.timer) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The latest readiness (computed now only when none is recent, e.g. in a process that never started this). */
  async report(): Promise<ReadinessReport> {
    const report =
      Date.now() - this.lastAt < 3 * this.intervalMs && this.last ? this.last : await this.check();
    return this.withStorageFailure(report);
  }

  /** Records a write the disk refused (full, read-only) so that readiness and intake turn red at once. */
  noteStorageFailure(err: unknown): void {
    const storage = asStorageError(err);
    if (!storage) return;
    if (!this.storageFailure)
      this.options.logger.error({ err }, 'storage refuses writes: uploads are refused');
    this.storageFailure = storage;
  }

  /**
   * Throws unless an upload may be accepted now: `INSUFFICIENT_STORAGE` (507) while readiness is red for the
   * database or the disk, `QUEUE_FULL` (503, `details.retryAfterSeconds`) while too many tasks wait.
   */
  assertAcceptingUploads(): void {
    const checks = this.last?.checks;
    if (this.storageFailure || (checks && (!checks.database.ok || !checks.disk.ok))) {
      throw new AppError(
        'INSUFFICIENT_STORAGE',
        'storage',
        'uploads are refused while the server cannot store data (disk full or read-only); try again later',
        { details: { retryAfterSeconds: STORAGE_RETRY_AFTER_S } },
      );
    }
    if (this.pending > this.options.maxPendingTasks) {
      throw new AppError(
        'QUEUE_FULL',
        'unavailable',
        `${this.pending} tasks are waiting to be processed; try again later`,
        {
          details: {
            pendingTasks: this.pending,
            maxPendingTasks: this.options.maxPendingTasks,
            retryAfterSeconds: QUEUE_FULL_RETRY_AFTER_S,
          },
        },
      );
    }
  }

  /** Runs the checks now, after any check already running (so it sees everything done before the call). */
  async refresh(): Promise<ReadinessReport> {
    await this.refreshing?.catch(() => undefined);
    return this.check();
  }

  /** Runs the checks, or joins the run in progress. A passing database and disk check clears a storage failure. */
  private check(): Promise<ReadinessReport> {
    this.refreshing ??= (async () => {
      try {
        const [report, pending] = await Promise.all([
          this.options.probe(),
          this.options.pendingTasks().catch(() => this.pending),
        ]);
        this.pending = pending;
        if (this.storageFailure && report.checks.database.ok && report.checks.disk.ok) {
          this.options.logger.info({}, 'storage accepts writes again: uploads are accepted');
          this.storageFailure = null;
        }
        this.last = report;
        this.lastAt = Date.now();
        return report;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private withStorageFailure(cached: ReadinessReport): ReadinessReport {
    const intake = { pendingTasks: this.pending, maxPendingTasks: this.options.maxPendingTasks };
    const report = { ...cached, intake, checks: { ...cached.checks, ...this.options.live?.() } };
    if (!this.storageFailure) return report;
    return {
      ...report,
      ready: false,
      checks: {
        ...report.checks,
        database: { ...report.checks.database, ok: false, error: this.storageFailure.message },
      },
    };
  }
}
