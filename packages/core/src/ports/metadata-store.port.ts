import type {
  CollectionRepository,
  FolderRepository,
  SourceRepository,
} from './collection-repository.port.js';
import type { AnalyticsRepository } from './analytics-repository.port.js';
import type { ChatRepository } from './chat-repository.port.js';
import type { DocumentRepository } from './document-repository.port.js';
import type { IdentityStore } from './identity-repository.port.js';
import type { NotificationRepository } from './notification-repository.port.js';
import type { SearchRepository } from './search-repository.port.js';
import type { StatsRepository } from './stats-repository.port.js';

/** A person or service account. Until accounts arrive, one built-in local user owns everything. */
export interface User {
  id: string;
  email: string;
  username: string;
  displayName: string;
  role: 'admin' | 'user';
  isActive: boolean;
  createdAt: string;
}

/** The fixed id of the built-in local user (single-user mode on loopback). */
export const LOCAL_USER_ID = '00000000-0000-4000-8000-000000000001';

export interface AuditEntry {
  userId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  oldValues?: unknown;
  newValues?: unknown;
  ipAddress?: string | null;
  userAgent?: string | null;
}

export interface MigrationResult {
  /** Migrations applied by this call, in order (empty when the schema was current). */
  applied: { version: number; name: string }[];
  /** The schema version after the call. */
  version: number;
}

/**
 * Durable metadata: users, collections, folders, documents, chunks, audit and query logs. The embedded
 * adapter is SQLite; a PostgreSQL adapter implements the same port. Methods grow with the capabilities.
 */
export interface MetadataStore {
  readonly documents: DocumentRepository;
  readonly collections: CollectionRepository;
  readonly folders: FolderRepository;
  readonly sources: SourceRepository;
  readonly search: SearchRepository;
  readonly chats: ChatRepository;
  /** Dashboard aggregates (documents by status and type, ingest and search over time). */
  readonly stats: StatsRepository;
  /** Usage analytics: the analytics events (uploads, processing, questions) and aggregates over them. */
  readonly analytics: AnalyticsRepository;
  /** Accounts, groups, shares, API keys, sessions, audit trail. */
  readonly identity: IdentityStore;
  /** In-app notifications, webhooks and their delivery log. */
  readonly notifications: NotificationRepository;
  /** Applies pending forward-only migrations; re-running is a no-op. */
  migrate(): Promise<MigrationResult>;
  /** Proves the store accepts writes (readiness). Throws when it does not. */
  checkWritable(): Promise<void>;
  /**
   * Makes every change committed so far durable — it survives an OS crash or a power cut — before it resolves.
   * Called before an upload is acknowledged; ordinary commits may trade that for speed.
   */
  sync(): Promise<void>;
  /** Creates the built-in local user if missing and returns it. */
  ensureLocalUser(): Promise<User>;
  getUser(id: string): Promise<User | null>;
  /** Adds one reference to a blob (creating its row); returns the new count. */
  retainBlob(sha256: string, size: number): Promise<number>;
  /** Drops one reference; returns the remaining count (0 means the bytes may be deleted). */
  releaseBlob(sha256: string): Promise<number>;
  blobRefCount(sha256: string): Promise<number>;
  appendAudit(entry: AuditEntry): Promise<void>;
  close(): Promise<void>;
}
