import { randomUUID } from 'node:crypto';
import {
  AppError,
  LOCAL_USER_ID,
  type AuditEntry,
  type MetadataStore,
  type MigrationResult,
  type User,
} from '@sift/core';
import type { LexicalAnalysisOptions } from '@sift/lexical-analysis';
import { blobRefCount, releaseBlob, retainBlob } from './pg-blob-refs.js';
import { PgChatRepository } from './pg-chat.repository.js';
import { PgCollectionRepository } from './pg-collection.repository.js';
import { createPgPool, type PgPool, type PgPoolOptions } from './pg-database.js';
import { PgDocumentRepository } from './pg-document.repository.js';
import { PgFolderRepository } from './pg-folder.repository.js';
import { PgIdentityStore } from './pg-identity.store.js';
import { pgLexicalAnalyzer } from './pg-lexical-rows.js';
import { runPgMigrations } from './pg-migrator.js';
import { PgNotificationRepository } from './pg-notification.repository.js';
import { PgSearchRepository } from './pg-search.repository.js';
import { PgSourceRepository } from './pg-source.repository.js';
import { PgStatsRepository } from './pg-stats.repository.js';
import { PgAnalyticsRepository } from './pg-analytics.repository.js';
import { iso } from './pg-time.js';

export interface PgMetadataStoreOptions {
  /** `close()` ends the pool only when the store owns it (it created it, or was told so). */
  ownsPool?: boolean;
  /** The analysis the lexical index uses (SIFT_LEXICAL_FOLD_DIACRITICS): chunks are indexed with it. */
  lexical?: LexicalAnalysisOptions;
}

interface UserRow {
  id: string;
  email: string;
  username: string;
  display_name: string;
  role: 'admin' | 'user';
  is_active: boolean;
  created_at: number;
}

/**
 * MetadataStore on PostgreSQL, shared by every API and worker process of the scale-out shape. Its repositories
 * share one pool; each multi-row change is one transaction on one connection of it.
 */
export class PgMetadataStore implements MetadataStore {
  readonly documents: PgDocumentRepository;
  readonly collections: PgCollectionRepository;
  readonly folders: PgFolderRepository;
  readonly sources: PgSourceRepository;
  readonly search: PgSearchRepository;
  readonly chats: PgChatRepository;
  readonly stats: PgStatsRepository;
  readonly analytics: PgAnalyticsRepository;
  readonly identity: PgIdentityStore;
  readonly notifications: PgNotificationRepository;
  private readonly ownsPool: boolean;
  private closed = false;

  constructor(
    readonly pool: PgPool,
    options: PgMetadataStoreOptions = {},
  ) {
    this.ownsPool = options.ownsPool ?? false;
    this.documents = new PgDocumentRepository(pool, pgLexicalAnalyzer(options.lexical));
    this.collections = new PgCollectionRepository(pool);
    this.folders = new PgFolderRepository(pool);
    this.sources = new PgSourceRepository(pool);
    this.search = new PgSearchRepository(pool);
    this.chats = new PgChatRepository(pool);
    this.stats = new PgStatsRepository(pool);
    this.analytics = new PgAnalyticsRepository(pool);
    this.identity = new PgIdentityStore(pool);
    this.notifications = new PgNotificationRepository(pool);
  }

  /** A store on its own pool for `url`, which `close()` ends. */
  static open(
    url: string,
    options: PgPoolOptions & Omit<PgMetadataStoreOptions, 'ownsPool'> = {},
  ): PgMetadataStore {
    const { lexical, ...poolOptions } = options;
    return new PgMetadataStore(createPgPool(url, poolOptions), { ownsPool: true, lexical });
  }

  /** Applies pending migrations under the migration lock (other processes starting at once wait for it). */
  async migrate(): Promise<MigrationResult> {
    return runPgMigrations(this.pool);
  }

  async checkWritable(): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO health_checks (id, checked_at) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
        [Date.now()],
      );
    } catch (err) {
      // Server down, a read-only standby, a full disk, no free connection: all transient from our side.
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
   * Nothing to do: a PostgreSQL commit has already been flushed to the server's write-ahead log when it
   * returns (synchronous_commit on, the default, which a deployment must keep for this guarantee).
   */
  async sync(): Promise<void> {}

  async ensureLocalUser(): Promise<User> {
    const now = Date.now();
    await this.pool.query(
      `INSERT INTO users (id, email, username, display_name, role, access_role, created_at, updated_at)
       VALUES ($1, 'local@sift.local', 'local', 'Local user', 'admin', 'admin', $2, $2)
       ON CONFLICT (id) DO NOTHING`,
      [LOCAL_USER_ID, now],
    );
    const user = await this.getUser(LOCAL_USER_ID);
    if (!user) throw new AppError('LOCAL_USER_MISSING', 'system', 'the local user could not be created');
    return user;
  }

  async getUser(id: string): Promise<User | null> {
    const { rows } = await this.pool.query<UserRow>(
      'SELECT id, email, username, display_name, role, is_active, created_at FROM users WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          email: row.email,
          username: row.username,
          displayName: row.display_name,
          role: row.role,
          isActive: row.is_active,
          createdAt: iso(row.created_at),
        }
      : null;
  }

  async retainBlob(sha256: string, size: number): Promise<number> {
    return retainBlob(this.pool, sha256, size);
  }

  async releaseBlob(sha256: string): Promise<number> {
    return releaseBlob(this.pool, sha256);
  }

  async blobRefCount(sha256: string): Promise<number> {
    return blobRefCount(this.pool, sha256);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit_logs (id, user_id, entity_type, entity_id, action, old_values, new_values, ip_address,
         user_agent, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        randomUUID(),
        entry.userId,
        entry.entityType,
        entry.entityId,
        entry.action,
        entry.oldValues === undefined ? null : JSON.stringify(entry.oldValues),
        entry.newValues === undefined ? null : JSON.stringify(entry.newValues),
        entry.ipAddress ?? null,
        entry.userAgent ?? null,
        Date.now(),
      ],
    );
  }

  /** Ends the pool if the store owns it; a shared pool is its owner's to end. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.end();
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
