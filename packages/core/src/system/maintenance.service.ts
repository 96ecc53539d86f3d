import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentService } from '../ingest/document.service.js';
import { WORK_DIR_PREFIX } from '../ingest/ingest.pipeline.js';
import type { BlobStore } from '../ports/blob-store.port.js';
import type { JobQueue } from '../ports/job-queue.port.js';
import { silentLogger, type Logger } from '../ports/logger.port.js';
import type { BlobService } from './blob.service.js';
import type { AuditService } from '../auth/audit.service.js';

export interface MaintenanceDeps {
  queue: JobQueue;
  blobs: BlobStore;
  blobService: BlobService;
  documents: DocumentService;
  /** Where ingest tasks make their work directories. */
  workRoot: string;
  /** Age below which an unreferenced blob or an unclaimed temp file is left alone: an upload may own it. */
  graceMs: number;
  /** A worker unseen for this long is dead (killed without unregistering). */
  workerStaleMs: number;
  /** Audit records older than this many days are deleted (SIFT_AUDIT_RETENTION_DAYS). */
  audit?: { service: AuditService; retentionDays: number };
  logger?: Logger;
}

/** What one sweep removed or repaired. */
export interface SweepReport {
  workDirs: number;
  blobs: number;
  tempFiles: number;
  workers: number;
  documents: { requeued: number; failed: number };
  auditRecords: number;
}

/**
 * Clears what crashes leave behind, at start and periodically: work directories of ingest tasks that no longer
 * run, blob files nothing references (a kill between deleting a row and its bytes), partial blob writes, rows
 * of workers that died without unregistering, and documents whose task ended without them (see
 * `DocumentService.reconcile`). Safe to run while uploads and tasks run, in any process sharing the data dir:
 * a running task's directory is kept by its status, fresh blobs and temp files by the grace period.
 */
export class MaintenanceService {
  private readonly logger: Logger;

  constructor(private readonly deps: MaintenanceDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  async sweep(now = Date.now()): Promise<SweepReport> {
    const report: SweepReport = {
      workDirs: await this.sweepWorkDirs(now),
      blobs: await this.sweepBlobs(now),
      tempFiles: await this.deps.blobs.sweepTemp(new Date(now - this.deps.graceMs)),
      workers: await this.pruneWorkers(now),
      documents: await this.deps.documents.reconcile(),
      auditRecords: this.deps.audit
        ? await this.deps.audit.service.prune(this.deps.audit.retentionDays, now)
        : 0,
    };
    const total =
      report.workDirs +
      report.blobs +
      report.tempFiles +
      report.workers +
      report.documents.requeued +
      report.documents.failed;
    if (total > 0) this.logger.info(report, 'swept leftovers');
    return report;
  }

  /** Forgets workers unseen for `workerStaleMs`; returns how many. */
  pruneWorkers(now = Date.now()): Promise<number> {
    return this.deps.queue.pruneWorkers(new Date(now - this.deps.workerStaleMs));
  }

  /** Removes `ingest-<task id>-…` directories whose task is not running (it ended, or its worker crashed). */
  private async sweepWorkDirs(now: number): Promise<number> {
    const entries = await readdir(this.deps.workRoot, { withFileTypes: true }).catch(() => []);
    let removed = 0;
    for (const entry of entries) {
      if (!entry.isDirectory() || !entry.name.startsWith(WORK_DIR_PREFIX)) continue;
      const dir = path.join(this.deps.workRoot, entry.name);
      const taskId = TASK_ID.exec(entry.name.slice(WORK_DIR_PREFIX.length))?.[0];
      if (taskId) {
        const task = await this.deps.queue.get(taskId);
        if (task?.status === 'running') continue;
      } else {
        // Named before work dirs carried their task: only the age can tell.
        const info = await stat(dir).catch(() => null);
        if (!info || now - info.mtimeMs < this.deps.graceMs) continue;
      }
      await rm(dir, { recursive: true, force: true });
      removed += 1;
    }
    return removed;
  }

  /** Deletes blob files that no row references and that were written before the grace period. */
  private async sweepBlobs(now: number): Promise<number> {
    const cutoff = now - this.deps.graceMs;
    let removed = 0;
    for await (const blob of this.deps.blobs.list()) {
      if (blob.modifiedAt.getTime() >= cutoff) continue;
      const deleted = await this.deps.blobService.locked(blob.sha256, () =>
        this.deps.blobService.discardIfUnreferencedLocked(blob.sha256),
      );
      if (deleted) removed += 1;
    }
    return removed;
  }
}

const TASK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/u;
