import { AppError } from '../errors.js';
import type { NotificationRepository } from '../ports/notification-repository.port.js';

const DAY_MS = 86_400_000;

/**
 * How long notifications and webhook delivery logs are kept (fixed windows, like analytics events): a read
 * notification has done its job, so it goes after 90 days; an unread one stays a year, so nothing a user has
 * not seen disappears soon. A delivery log answers "did my receiver get it?" — a month covers any retry and
 * the time to notice; pending deliveries are never pruned (their retries are still queued).
 */
export const NOTIFICATION_RETENTION_DAYS = { read: 90, unread: 365 } as const;
export const WEBHOOK_DELIVERY_RETENTION_DAYS = 30;

export interface NotifyPruneResult {
  notifications: number;
  deliveries: number;
}

/** Prunes both kinds of rows past their retention, counted from `now` (epoch ms). */
export async function pruneNotify(repo: NotificationRepository, now: number): Promise<NotifyPruneResult> {
  const before = (days: number) => new Date(now - days * DAY_MS).toISOString();
  const notifications = await repo.pruneNotifications({
    readBefore: before(NOTIFICATION_RETENTION_DAYS.read),
    unreadBefore: before(NOTIFICATION_RETENTION_DAYS.unread),
  });
  const deliveries = await repo.pruneDeliveries(before(WEBHOOK_DELIVERY_RETENTION_DAYS));
  return { notifications, deliveries };
}

/** What a store throws for a cutoff that is not an ISO-8601 timestamp. */
export function invalidRetentionCutoff(value: string): AppError {
  return new AppError(
    'RETENTION_CUTOFF_INVALID',
    'user',
    'a retention cutoff must be an ISO-8601 timestamp',
    {
      details: { value },
    },
  );
}
