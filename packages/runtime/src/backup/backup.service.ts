import { randomUUID } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { SqliteMetadataStore } from '@sift/adapter-sqlite';
import type { Config } from '@sift/config';
import {
  AppError,
  isAppError,
  type Access,
  type AuditService,
  type EventBus,
  type JobQueue,
  type Logger,
  type MetadataStore,
  type RequestOrigin,
  type Task,
  type TaskService,
} from '@sift/core';
import { dataPaths } from '../stores.types.js';
import { parseManifest, type BackupManifest } from './backup-manifest.js';
import { writeEmbeddedBackup, type WrittenBackup } from './backup-writer.js';
import { writePostgresBackup } from './pg-backup.js';

const NO_ORIGIN: RequestOrigin = { ip: null, userAgent: null, requestId: null };
/** One backup job at a time across every process sharing the queue (pending or running). */
export const BACKUP_UNIQUE_KEY = 'system.backup';
const ARCHIVE = /^sift-(backup|scheduled)-[0-9TZ]+-([0-9a-f-]{36})\.tar\.gz$/u;

/** One backup as listed by the admin API. */
export interface BackupInfo {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  scheduled: boolean;
  file: string | null;
  bytes: number | null;
  createdAt: string;
  manifest: BackupManifest | null;
  taskId: string | null;
  error: { code: string; message: string } | null;
}

/** Options of one archive written now. */
export interface BackupNowOptions {
  /** A file, or a directory to name the archive in (default: SIFT_BACKUP_DIR). */
  dest?: string;
  id?: string;
  scheduled?: boolean;
  /** Who asked (audit); null: the system (schedule, CLI). */
  access?: Access | null;
  /**
   * Pages the SQLite backup copies per step. In the serving process small steps keep requests flowing and
   * take its own writes along; a separate process (the CLI) copies in one step, or every write of the server
   * would restart the copy.
   */
  pagesPerStep?: number;
}

/** Backups of this data dir: written now (CLI), asked for through the queue (API, schedule), listed, pruned. */
export class BackupService {
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly deps: {
      config: Config;
      metadata: MetadataStore;
      queue: JobQueue;
      tasks: TaskService;
      events: EventBus;
      audit: AuditService;
      logger: Logger;
    },
  ) {}

  get dir(): string {
    return this.deps.config.operations.backup.dir;
  }

  /** Queues a backup (admins only); one already queued or running is returned instead of a second. */
  async request(
    access: Access,
    origin: RequestOrigin = NO_ORIGIN,
  ): Promise<{ backupId: string; task: Task }> {
    access.requireAdmin();
    this.assertSupported();
    const task = await this.deps.tasks.enqueue(
      'system.backup',
      { backupId: randomUUID(), scheduled: false },
      { uniqueKey: BACKUP_UNIQUE_KEY, ownerId: access.userId },
    );
    const backupId = (task.payload as { backupId: string }).backupId;
    await this.deps.audit.record(access, origin, {
      action: 'backup.request',
      entityType: 'backup',
      entityId: backupId,
      after: { taskId: task.id },
    });
    return { backupId, task };
  }

  /** Writes one archive now, publishing `backup.completed` / `backup.failed` and auditing the outcome. */
  async backupNow(options: BackupNowOptions = {}): Promise<WrittenBackup> {
    if (this.running) {
      throw new AppError('BACKUP_RUNNING', 'conflict', 'a backup is already running in this process');
    }
    const id = options.id ?? randomUUID();
    const started = Date.now();
    const work = this.write(id, options);
    this.running = work;
    try {
      const written = await work;
      const durationMs = Date.now() - started;
      this.deps.events.publish({
        type: 'backup.completed',
        backupId: id,
        file: written.file,
        bytes: written.bytes,
        durationMs,
      });
      await this.deps.audit.record(options.access ?? null, NO_ORIGIN, {
        action: 'backup.completed',
        entityType: 'backup',
        entityId: id,
        after: { file: written.file, bytes: written.bytes, durationMs, counts: written.manifest.counts },
      });
      this.deps.logger.info(
        { backupId: id, file: written.file, bytes: written.bytes, durationMs },
        'backup written',
      );
      return written;
    } catch (err) {
      const code = isAppError(err) ? err.code : 'BACKUP_FAILED';
      const message = err instanceof Error ? err.message : String(err);
      this.deps.events.publish({ type: 'backup.failed', backupId: id, code, message });
      await this.deps.audit.record(options.access ?? null, NO_ORIGIN, {
        action: 'backup.failed',
        entityType: 'backup',
        entityId: id,
        after: { code, message },
        outcome: 'failure',
      });
      this.deps.logger.error({ err, backupId: id }, 'backup failed');
      throw err;
    } finally {
      this.running = null;
    }
  }

  /** The `system.backup` job: an archive in SIFT_BACKUP_DIR; scheduled ones then prune to SIFT_BACKUP_KEEP. */
  async runJob(payload: { backupId: string; scheduled: boolean }): Promise<{ file: string; bytes: number }> {
    const written = await this.backupNow({ id: payload.backupId, scheduled: payload.scheduled });
    if (payload.scheduled) await this.prune();
    return { file: written.file, bytes: written.bytes };
  }

  /** Deletes the oldest scheduled archives beyond SIFT_BACKUP_KEEP (archives made on request stay). */
  async prune(): Promise<string[]> {
    const keep = this.deps.config.operations.backup.keep;
    const scheduled = (await this.archives())
      .filter((a) => a.scheduled)
      .sort((a, b) => (a.name < b.name ? 1 : -1));
    const doomed = scheduled.slice(Math.max(0, keep));
    for (const a of doomed) {
      await rm(path.join(this.dir, a.name), { force: true });
      await rm(path.join(this.dir, `${a.name}.json`), { force: true });
    }
    if (doomed.length)
      this.deps.logger.info({ deleted: doomed.map((a) => a.name) }, 'old scheduled backups deleted');
    return doomed.map((a) => a.name);
  }

  /** Archives in SIFT_BACKUP_DIR and backup tasks not finished into one (admins only), newest first. */
  async list(access: Access): Promise<BackupInfo[]> {
    access.requireAdmin();
    const out: BackupInfo[] = [];
    const seen = new Set<string>();
    for (const a of await this.archives()) {
      seen.add(a.id);
      const file = path.join(this.dir, a.name);
      const [info, manifestText] = await Promise.all([
        stat(file),
        readFile(`${file}.json`, 'utf8').catch(() => null),
      ]);
      let manifest: BackupManifest | null = null;
      try {
        manifest = manifestText ? parseManifest(manifestText) : null;
      } catch {
        manifest = null;
      }
      out.push({
        id: a.id,
        status: 'completed',
        scheduled: a.scheduled,
        file,
        bytes: info.size,
        createdAt: manifest?.createdAt ?? info.mtime.toISOString(),
        manifest,
        taskId: null,
        error: null,
      });
    }
    const { items } = await this.deps.queue.list({ type: ['system.backup'], limit: 100 });
    for (const task of items) {
      const payload = task.payload as { backupId: string; scheduled: boolean };
      if (seen.has(payload.backupId) || task.status === 'succeeded' || task.status === 'cancelled') continue;
      seen.add(payload.backupId);
      const status = task.status === 'pending' ? 'queued' : task.status === 'running' ? 'running' : 'failed';
      out.push({
        id: payload.backupId,
        status,
        scheduled: payload.scheduled,
        file: null,
        bytes: null,
        createdAt: task.createdAt,
        manifest: null,
        taskId: task.id,
        error: task.error ? { code: task.error.code, message: task.error.message } : null,
      });
    }
    return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  }

  /** The archive of one completed backup (admins only); BACKUP_NOT_FOUND otherwise. */
  async archive(access: Access, id: string): Promise<{ file: string; name: string; bytes: number }> {
    access.requireAdmin();
    const found = (await this.archives()).find((a) => a.id === id);
    if (!found)
      throw new AppError('BACKUP_NOT_FOUND', 'not_found', `backup ${id} does not exist`, { details: { id } });
    const file = path.join(this.dir, found.name);
    return { file, name: found.name, bytes: (await stat(file)).size };
  }

  private async archives(): Promise<{ name: string; id: string; scheduled: boolean }[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.flatMap((name) => {
      const m = ARCHIVE.exec(name);
      return m ? [{ name, id: m[2]!, scheduled: m[1] === 'scheduled' }] : [];
    });
  }

  private assertSupported(): void {
    if (this.deps.metadata instanceof SqliteMetadataStore || this.deps.config.backends.database) return;
    throw unsupported();
  }

  private async write(id: string, options: BackupNowOptions): Promise<WrittenBackup> {
    this.assertSupported();
    const stamp = new Date().toISOString().replace(/[-:.]/gu, '');
    const name = `sift-${options.scheduled ? 'scheduled' : 'backup'}-${stamp}-${id}.tar.gz`;
    const dest = await destination(options.dest ?? this.dir, name);
    const { config, metadata, logger } = this.deps;
    const paths = dataPaths(config.dataDir);
    if (!(metadata instanceof SqliteMetadataStore)) {
      return writePostgresBackup(
        {
          databaseUrl: config.backends.database!.url,
          blobDir: config.backends.blobDir,
          keysDir: path.join(config.dataDir, 'keys'),
          workDir: path.join(config.dataDir, 'tmp'),
        },
        { id, dest, logger },
      );
    }
    return writeEmbeddedBackup(
      {
        snapshot: (file) => metadata.backup(file, { pagesPerStep: options.pagesPerStep }),
        blobDir: config.backends.blobDir,
        indexDir: paths.indexes,
        keysDir: path.join(config.dataDir, 'keys'),
        workDir: path.join(config.dataDir, 'tmp'),
      },
      { id, dest, logger },
    );
  }
}

/** The scale-out shape is backed up with its engines' own tools. */
function unsupported(): AppError {
  return new AppError(
    'BACKUP_UNSUPPORTED',
    'user',
    'sift backup covers SQLite or PostgreSQL with local blobs; for the other engines see docs/DEPLOYMENT.md, ' +
      '"Backups"',
    { retryable: false },
  );
}

/** A path ending in .tar.gz or .tgz (and not an existing directory) is the archive; any other is its directory. */
async function destination(dest: string, name: string): Promise<string> {
  const resolved = path.resolve(dest);
  const info = await stat(resolved).catch(() => null);
  if (info?.isDirectory() || dest.endsWith('/') || !/\.(tgz|tar\.gz)$/u.test(dest))
    return path.join(resolved, name);
  return resolved;
}
