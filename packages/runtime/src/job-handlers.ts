import { setTimeout as delay } from 'node:timers/promises';
import type {
  DirectorySyncService,
  IngestPipeline,
  JobHandler,
  JobHandlers,
  JobPayloads,
  VectorSpaceService,
} from '@sift/core';
import type { BackupService } from './backup/backup.service.js';

/** Longest a `system.noop` may sleep, so that a stray payload cannot hold a worker slot for hours. */
const MAX_NOOP_SLEEP_MS = 10 * 60_000;

/** `system.noop`: sleeps `sleepMs` (capped), stopping at once when its signal aborts. */
export const noopHandler: JobHandler<JobPayloads['system.noop']> = async ({ payload, signal }) => {
  const ms = Math.min(MAX_NOOP_SLEEP_MS, Math.max(0, payload.sleepMs ?? 0));
  // Rejects as soon as the signal aborts (cancel, lost lease, shutdown), so the slot frees at once.
  if (ms > 0) await delay(ms, undefined, { signal });
  return { sleptMs: ms };
};

/** `system.backup`: one archive in SIFT_BACKUP_DIR (see BackupService.runJob). */
function backupHandler(backups: BackupService): JobHandler<JobPayloads['system.backup']> {
  return ({ payload }) => backups.runJob(payload);
}

/**
 * The handler of every job type this build knows. Capabilities add theirs here as they land; a job type
 * without a handler fails permanently with `JOB_HANDLER_MISSING` (see WorkerPool).
 */
export function createJobHandlers(services: {
  pipeline: IngestPipeline;
  sources: DirectorySyncService;
  spaces: VectorSpaceService;
  backups?: BackupService;
  /** `webhook.deliver` (notifications.ts); absent where no webhooks are wired. */
  deliverWebhook?: JobHandler<JobPayloads['webhook.deliver']>;
}): JobHandlers {
  return {
    'document.ingest': (ctx) => services.pipeline.run(ctx),
    'source.scan': async ({ payload, progress }) => {
      const result = await services.sources.scan(payload.sourceId, (done, total) => {
        if (total > 0 && done % 25 === 0) void progress(done / total, 'scan');
      });
      const { documentIds: _ids, ...summary } = result;
      return summary;
    },
    'index.reembed': async ({ payload, signal, progress }) => {
      const target = await services.spaces.target();
      // Configured again to the old model before this ran: nothing to build.
      if (target.space.id !== payload.space) return { skipped: true, reason: 'the configured model changed' };
      return services.spaces.reembed({
        signal,
        onProgress: (done, total) => void progress(done / Math.max(1, total), 'embed'),
      });
    },
    'system.noop': noopHandler,
    ...(services.deliverWebhook ? { 'webhook.deliver': services.deliverWebhook } : {}),
    ...(services.backups ? { 'system.backup': backupHandler(services.backups) } : {}),
  };
}
