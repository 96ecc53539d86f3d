import { open, type FileHandle } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import {
  AppError,
  type IdentityStore,
  LOCAL_USER_ID,
  type AuditEntry,
  type MetadataStore,
  type MigrationResult,
  type User,
} from '@sift/core';
import { backupSqliteDatabase } from './sqlite-backup.js';
import { SqliteChatRepository } from './sqlite-chat.repository.js';
import { SqliteNotificationRepository } from './sqlite-notification.repository.js';
import { SqliteCollectionRepository } from './sqlite-collection.repository.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { SqliteDocumentRepository } from './sqlite-document.repository.js';
import { SqliteFolderRepository } from './sqlite-folder.repository.js';
import { runMigrations } from './sqlite-migrator.js';
import { reindexIfAnalysisChanged } from './fts-analysis.js';
import { SqliteSearchRepository } from './sqlite-search.repository.js';
import { SqliteSourceRepository } from './sqlite-source.repository.js';
import { SqliteStatsRepository } from './sqlite-stats.repository.js';
import { SqliteAnalyticsRepository } from './sqlite-analytics.repository.js';
import { SqliteAccountRepository, SqliteGroupRepository } from './sqlite-account.repository.js';
import {
  SqliteApiKeyRepository,
  SqliteSessionRepository,
  SqliteShareRepository,
} from './sqlite-access.repository.js';
import { SqliteAuditRepository } from './sqlite-audit.repository.js';

interface UserRow {
  id: string;
  email: string;
  username: string;
  display_name: string;
  role: 'admin' | 'user';
  is_active: number;
  created_at: number;
}

/**
 * MetadataStore on the SQLite file. Its repositories (documents, collections, folders, sources) and
 * SqliteJobQueue share one connection; `close()` closes it for all, so only the owner of the process's wiring
 * should call it.
 */
export class SqliteMetadataStore implements MetadataStore {
  readonly documents: SqliteDocumentRepository;
  readonly collections: SqliteCollectionRepository;
  readonly folders: SqliteFolderRepository;
  readonly sources: SqliteSourceRepository;
  readonly search: SqliteSearchRepository;
  readonly chats: SqliteChatRepository;
  readonly stats: SqliteStatsRepository;
  readonly analytics: SqliteAnalyticsRepository;
  readonly identity: IdentityStore;
  readonly notifications: SqliteNotificationRepository;

  constructor(private readonly db: SqliteDatabase) {
    this.documents = new SqliteDocumentRepository(db);
    this.collections = new SqliteCollectionRepository(db);
    this.folders = new SqliteFolderRepository(db);
    this.sources = new SqliteSourceRepository(db);
    this.search = new SqliteSearchRepository(db);
    this.chats = new SqliteChatRepository(db);
    this.stats = new SqliteStatsRepository(db);
    this.analytics = new SqliteAnalyticsRepository(db);
    this.notifications = new SqliteNotificationRepository(db);
    this.identity = {
      accounts: new SqliteAccountRepository(db),
      groups: new SqliteGroupRepository(db),
      shares: new SqliteShareRepository(db),
      apiKeys: new SqliteApiKeyRepository(db),
      sessions: new SqliteSessionRepository(db),
      audit: new SqliteAuditRepository(db),
    };
  }

  /** Applies pending migrations, then rebuilds the lexical index if the configured analysis changed. */
  async migrate(): Promise<MigrationResult> {
    const result = runMigrations(this.db);
    reindexIfAnalysisChanged(this.db);
    return result;
  }

  async checkWritable(): Promise<void> {
    try {
      this.db
        .prepare(
          `INSERT INTO health_checks (id, checked_at) VALUES (1, ?)
           ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
        )
        .run(Date.now());
    } catch (err) {
      // Read-only file system, full disk, a lock held past busy_timeout: all transient from our side.
      throw new AppError(
        'METADATA_NOT_WRITABLE',
        'system',
        `the metadata database refuses writes: ${message(err)}`,
        {
          cause: err,
        },
      );
    }
  }

  /**
   * WAL with synchronous=NORMAL syncs the log only at checkpoints: a commit survives a crash of the process,
   * not of the OS. Syncing the log file makes every transaction committed so far durable; what a checkpoint
   * already moved into the database file was synced by that checkpoint. The sync runs on libuv's thread pool
   * (another descriptor of the same file: fsync flushes the file, not the descriptor), so the event loop does
   * not wait for the disk the way a commit under `synchronous = FULL` would make it.
   */
  async sync(): Promise<void> {
    const wal = `${this.db.name}-wal`;
    let handle: FileHandle;
    try {
      handle = await open(wal, 'r+');
    } catch (err) {
      // No log (nothing written since the last checkpoint truncated it): everything is in the synced file.
      if ((err as { code?: string }).code === 'ENOENT') return;
      throw err;
    }
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  async ensureLocalUser(): Promise<User> {
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO users (id, email, username, display_name, role, created_at, updated_at)
         VALUES (@id, 'local@sift.local', 'local', 'Local user', 'admin', @now, @now)
         ON CONFLICT (id) DO NOTHING`,
      )
      .run({ id: LOCAL_USER_ID, now });
    const user = await this.getUser(LOCAL_USER_ID);
    if (!user) throw new AppError('LOCAL_USER_MISSING', 'system', 'the local user could not be created');
    return user;
  }

  async getUser(id: string): Promise<User | null> {
    const row = this.db
      .prepare(
        'SELECT id, email, username, display_name, role, is_active, created_at FROM users WHERE id = ?',
      )
      .get(id) as UserRow | undefined;
    return row
      ? {
          id: row.id,
          email: row.email,
          username: row.username,
          displayName: row.display_name,
          role: row.role,
          isActive: row.is_active === 1,
          createdAt: new Date(row.created_at).toISOString(),
        }
      : null;
  }

  async retainBlob(sha256: string, size: number): Promise<number> {
    const row = this.db
      .prepare(
        `INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES (?, ?, 1, ?)
         ON CONFLICT (sha256) DO UPDATE SET ref_count = ref_count + 1
         RETURNING ref_count`,
      )
      .get(sha256, size, Date.now()) as { ref_count: number };
    return row.ref_count;
  }

  async releaseBlob(sha256: string): Promise<number> {
    // Guarded decrement: releasing an unknown or unreferenced blob is a no-op that reports 0, never negative.
    const row = this.db
      .prepare(
        'UPDATE blobs SET ref_count = ref_count - 1 WHERE sha256 = ? AND ref_count > 0 RETURNING ref_count',
      )
      .get(sha256) as { ref_count: number } | undefined;
    return row?.ref_count ?? 0;
  }

  async blobRefCount(sha256: string): Promise<number> {
    const row = this.db.prepare('SELECT ref_count FROM blobs WHERE sha256 = ?').get(sha256) as
      { ref_count: number } | undefined;
    return row?.ref_count ?? 0;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO audit_logs (id, user_id, entity_type, entity_id, action, old_values, new_values, ip_address,
           user_agent, created_at)
         VALUES (@id, @userId, @entityType, @entityId, @action, @oldValues, @newValues, @ipAddress, @userAgent, @now)`,
      )
      .run({
        id: randomUUID(),
        userId: entry.userId,
        entityType: entry.entityType,
        entityId: entry.entityId,
        action: entry.action,
        oldValues: entry.oldValues === undefined ? null : JSON.stringify(entry.oldValues),
        newValues: entry.newValues === undefined ? null : JSON.stringify(entry.newValues),
        ipAddress: entry.ipAddress ?? null,
        userAgent: entry.userAgent ?? null,
        now: Date.now(),
      });
  }

  /**
   * Writes a consistent copy of the live database to `file` with SQLite's online backup API (see
   * backupSqliteDatabase), while this connection keeps serving; the data dir's path of the copy is the caller's.
   */
  async backup(file: string, options: { pagesPerStep?: number } = {}): Promise<void> {
    await backupSqliteDatabase(this.db, file, options);
  }

  /** The database file this store runs on. */
  get file(): string {
    return this.db.name;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
