import type { Config } from '@sift/config';
import type { MetricsPort, TaskService } from '@sift/core';
import { AnalyticsRecorder } from './analytics.js';
import { BackupService } from './backup/backup.service.js';
import { createBackupSchedule } from './backup/backup-schedule.js';
import type { Identity } from './identity.js';
import type { SiftLogger } from './logger.js';
import { createNotify, type Notify, type PublishTap } from './notifications.js';
import { IndexCompactor } from './index-compaction.js';
import { RetentionSweeper } from './retention.js';
import type { Stores } from './stores.js';

/** What a runtime does for its operators besides serving: notifications, webhooks, analytics, backups. */
export interface RuntimeOperations {
  notify: Notify;
  analytics: AnalyticsRecorder;
  backups: BackupService;
  /**
   * Where workers run: prunes what outlived its retention, merges a fragmented lexical index when ingestion
   * is quiet, and ticks the backup schedule.
   */
  startWithWorkers(): void;
  /** Stops the timers first (nothing new is queued while workers drain), then the recorders. */
  stopTimers(): void;
  close(): Promise<void>;
}

export function createOperations(
  config: Config,
  deps: {
    stores: Stores;
    tasks: TaskService;
    events: PublishTap;
    identity: Identity;
    logger: SiftLogger;
    metrics?: MetricsPort;
  },
): RuntimeOperations {
  const { stores, tasks, events, identity, logger } = deps;
  const notify = createNotify(config, {
    metadata: stores.metadata,
    tasks,
    events,
    identity,
    logger: logger.child({ component: 'notify' }),
    metrics: deps.metrics,
  });
  const analytics = new AnalyticsRecorder({
    analytics: stores.metadata.analytics,
    logger: logger.child({ component: 'analytics' }),
  });
  // The publishing process handles each event once (see PublishTap), however many nodes hear it.
  events.attach((event) => {
    notify.handle(event);
    analytics.handle(event);
  });
  const retention = new RetentionSweeper({
    analytics,
    notifications: stores.metadata.notifications,
    logger: logger.child({ component: 'retention' }),
  });
  const compactor = stores.compaction
    ? new IndexCompactor({ compaction: stores.compaction, logger: logger.child({ component: 'lexical' }) })
    : null;
  const backupLogger = logger.child({ component: 'backup' });
  const schedule = config.operations.backup.cron
    ? createBackupSchedule(config.operations.backup.cron, tasks, backupLogger)
    : null;
  const backups = new BackupService({
    config,
    metadata: stores.metadata,
    queue: stores.queue,
    tasks,
    events,
    audit: identity.audit,
    logger: backupLogger,
  });
  return {
    notify,
    analytics,
    backups,
    startWithWorkers() {
      retention.start();
      compactor?.start();
      // Scheduled backups tick only where workers run, so an API-only node never queues them.
      schedule?.start();
    },
    stopTimers() {
      retention.stop();
      // Aborts a merge under way between two steps; close() waits for it to let go of the database.
      void compactor?.stop();
      schedule?.stop();
    },
    async close() {
      await compactor?.stop();
      await notify.close();
      await analytics.stop();
    },
  };
}
