import { pruneNotify, type Logger, type NotificationRepository } from '@sift/core';
import type { AnalyticsRecorder } from './analytics.js';

/** Four sweeps a day keep each table within a few hours of its retention. */
const SWEEP_EVERY_MS = 6 * 3_600_000;

export interface SweepResult {
  analytics: number;
  notifications: number;
  deliveries: number;
}

/**
 * Deletes what has outlived its retention: analytics events (AnalyticsRecorder.prune), notifications and
 * webhook delivery logs (core's pruneNotify windows). Runs where workers run, so an API-only node adds no
 * second sweep; two worker nodes sweeping at once delete the same rows once (plain DELETEs by age).
 */
export class RetentionSweeper {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly deps: {
      analytics: AnalyticsRecorder;
      notifications: NotificationRepository;
      logger: Logger;
      now?: () => number;
    },
  ) {}

  /** Sweeps now and then every few hours (idempotent); the timer does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref?.();
  }

  /** One sweep; a failed part is logged and counts 0, the other parts still run. */
  async sweep(): Promise<SweepResult> {
    const now = (this.deps.now ?? Date.now)();
    const analytics = await this.deps.analytics.prune();
    let notify = { notifications: 0, deliveries: 0 };
    try {
      notify = await pruneNotify(this.deps.notifications, now);
      if (notify.notifications + notify.deliveries > 0) {
        this.deps.logger.info(notify, 'pruned old notifications and webhook deliveries');
      }
    } catch (err) {
      this.deps.logger.warn({ err }, 'could not prune notifications or webhook deliveries');
    }
    return { analytics, ...notify };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
