import { randomUUID } from 'node:crypto';
import { AppError, type Logger, type TaskService } from '@sift/core';
import { Cron } from 'croner';
import { BACKUP_UNIQUE_KEY } from './backup.service.js';

/** Scheduled backups, created paused: `start` when workers start, `stop` on close. */
export interface BackupSchedule {
  start(): void;
  stop(): void;
}

/**
 * Queues a scheduled `system.backup` at each tick of SIFT_BACKUP_CRON once started; started only in processes
 * that run workers. When several do, each queues at the tick, and the unique key keeps it to one backup
 * pending or running at a time. The job itself prunes old scheduled archives (SIFT_BACKUP_KEEP). A bad
 * expression throws BACKUP_CRON_INVALID here, at start-up, not at the first tick.
 */
export function createBackupSchedule(cron: string, tasks: TaskService, logger: Logger): BackupSchedule {
  assertBackupCron(cron);
  const job = new Cron(cron, { protect: true, unref: true, paused: true }, async () => {
    try {
      await tasks.enqueue(
        'system.backup',
        { backupId: randomUUID(), scheduled: true },
        { uniqueKey: BACKUP_UNIQUE_KEY },
      );
    } catch (err) {
      logger.error({ err }, 'could not queue the scheduled backup');
    }
  });
  return {
    start() {
      job.resume();
      logger.info({ cron, next: job.nextRun()?.toISOString() ?? null }, 'scheduled backups on');
    },
    stop: () => job.stop(),
  };
}

/** Throws BACKUP_CRON_INVALID unless `cron` is an expression croner understands. */
export function assertBackupCron(cron: string): void {
  try {
    new Cron(cron, { paused: true }).stop();
  } catch (err) {
    throw new AppError(
      'BACKUP_CRON_INVALID',
      'user',
      `SIFT_BACKUP_CRON is not a cron expression: ${err instanceof Error ? err.message : String(err)}`,
      { details: { cron } },
    );
  }
}
