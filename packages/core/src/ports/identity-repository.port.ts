import type {
  Account,
  ApiKeyRecord,
  AuditRecord,
  CollectionShare,
  Group,
  RefreshTokenRecord,
  Role,
  ShareRole,
} from '../auth/auth.types.js';
import type { Page } from '../ingest/document.types.js';

/** Accounts. Emails are unique case-insensitively. */
export interface AccountRepository {
  /** Creates an account; throws AppError `EMAIL_TAKEN` (conflict) when the email is in use. */
  create(input: {
    id?: string;
    email: string;
    displayName: string;
    role: Role;
    passwordHash: string | null;
    externalId?: string | null;
  }): Promise<Account>;
  get(id: string): Promise<Account | null>;
  getByEmail(email: string): Promise<Account | null>;
  getByExternalId(externalId: string): Promise<Account | null>;
  /** The stored password hash (never part of Account). */
  passwordHash(id: string): Promise<string | null>;
  list(options?: { limit?: number; cursor?: string }): Promise<Page<Account>>;
  update(
    id: string,
    patch: Partial<{
      email: string;
      displayName: string;
      role: Role;
      isActive: boolean;
      passwordHash: string | null;
      externalId: string | null;
      lastLoginAt: string;
    }>,
  ): Promise<Account | null>;
  /** Active accounts that can sign in (a password or a linked identity): zero means first-run setup. */
  countSignInAccounts(): Promise<number>;
  countActiveAdmins(): Promise<number>;
  /**
   * The first admin account, atomically: when no account can sign in yet, `claim` turns the built-in local
   * user (or a new row) into it and returns it; otherwise returns null (someone was first). Race-free.
   */
  claimFirstAdmin(input: {
    localUserId: string;
    email: string;
    displayName: string;
    passwordHash: string | null;
    externalId?: string | null;
  }): Promise<Account | null>;
}

export interface GroupRepository {
  /** Throws `GROUP_NAME_TAKEN` (conflict) for a duplicate name. */
  create(name: string): Promise<Group>;
  get(id: string): Promise<Group | null>;
  list(): Promise<Group[]>;
  rename(id: string, name: string): Promise<Group | null>;
  delete(id: string): Promise<boolean>;
  setMembers(id: string, userIds: string[]): Promise<Group | null>;
  /** Ids of the groups an account belongs to. */
  groupsOf(userId: string): Promise<string[]>;
}

export interface ShareRepository {
  list(collectionId: string): Promise<CollectionShare[]>;
  /** Creates or changes a share. */
  put(share: {
    collectionId: string;
    principalType: 'user' | 'group';
    principalId: string;
    role: ShareRole;
  }): Promise<CollectionShare>;
  delete(collectionId: string, principalType: 'user' | 'group', principalId: string): Promise<boolean>;
  /** Collections shared with the account directly or through its groups, with the highest role. */
  sharedWith(
    userId: string,
    groupIds: readonly string[],
  ): Promise<{ collectionId: string; role: ShareRole }[]>;
}

export interface ApiKeyRepository {
  create(
    input: Omit<ApiKeyRecord, 'revokedAt' | 'lastUsedAt' | 'lastUsedIp' | 'createdAt'> & { hash: string },
  ): Promise<ApiKeyRecord>;
  get(id: string): Promise<ApiKeyRecord | null>;
  getByHash(hash: string): Promise<ApiKeyRecord | null>;
  /** Keys of one account, or of everyone when `userId` is undefined. */
  list(userId?: string): Promise<ApiKeyRecord[]>;
  revoke(id: string, at: string): Promise<ApiKeyRecord | null>;
  touch(id: string, at: string, ip: string | null): Promise<void>;
}

export interface SessionRepository {
  create(input: {
    userId: string;
    familyId: string;
    hash: string;
    expiresAt: string;
  }): Promise<RefreshTokenRecord>;
  getByHash(hash: string): Promise<RefreshTokenRecord | null>;
  /**
   * Marks a token rotated, only if it was not already (atomic): false means it was rotated or revoked before —
   * a second use of the same token.
   */
  markRotated(id: string, at: string): Promise<boolean>;
  revokeFamily(familyId: string, at: string): Promise<number>;
  /** Whether a sign-in still stands: a token of the family neither revoked nor expired at `at`. */
  familyActive(familyId: string, at: string): Promise<boolean>;
  /** Revokes every session of an account, except those of `keepFamilyId`. */
  revokeUser(userId: string, at: string, keepFamilyId?: string): Promise<number>;
}

export interface AuditFilter {
  actorUserId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface AuditRepository {
  append(record: Omit<AuditRecord, 'id' | 'at'> & { at?: string }): Promise<AuditRecord>;
  /** Newest first. */
  list(filter: AuditFilter): Promise<Page<AuditRecord>>;
  /** Deletes records older than `before`; returns how many. */
  prune(before: string): Promise<number>;
}

/** Everything about who may do what, in the metadata store. */
export interface IdentityStore {
  readonly accounts: AccountRepository;
  readonly groups: GroupRepository;
  readonly shares: ShareRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly sessions: SessionRepository;
  readonly audit: AuditRepository;
}
