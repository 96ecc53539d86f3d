import { randomUUID } from 'node:crypto';
import {
  type ApiKeyRecord,
  type ApiKeyRepository,
  type CollectionShare,
  type RefreshTokenRecord,
  type Scope,
  type SessionRepository,
  type ShareRepository,
  type ShareRole,
} from '@sift/core';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './sqlite-statements.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

interface ShareRow {
  collection_id: string;
  principal_type: 'user' | 'group';
  principal_id: string;
  role: ShareRole;
  created_at: number;
}

const toShare = (r: ShareRow): CollectionShare => ({
  collectionId: r.collection_id,
  principalType: r.principal_type,
  principalId: r.principal_id,
  role: r.role,
  createdAt: iso(r.created_at),
});

/** Collection shares: one row per collection and user or group. */
export class SqliteShareRepository implements ShareRepository {
  private readonly sql: StatementCache;

  constructor(db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async list(collectionId: string): Promise<CollectionShare[]> {
    const rows = this.sql
      .get('SELECT * FROM collection_shares WHERE collection_id = ? ORDER BY principal_type, principal_id')
      .all(collectionId) as ShareRow[];
    return rows.map(toShare);
  }

  async put(share: Parameters<ShareRepository['put']>[0]): Promise<CollectionShare> {
    const row = this.sql
      .get(
        `INSERT INTO collection_shares (collection_id, principal_type, principal_id, role, created_at)
         VALUES (@collectionId, @principalType, @principalId, @role, @now)
         ON CONFLICT (collection_id, principal_type, principal_id) DO UPDATE SET role = excluded.role
         RETURNING *`,
      )
      .get({ ...share, now: Date.now() }) as ShareRow;
    return toShare(row);
  }

  async delete(collectionId: string, principalType: 'user' | 'group', principalId: string): Promise<boolean> {
    return (
      this.sql
        .get(
          'DELETE FROM collection_shares WHERE collection_id = ? AND principal_type = ? AND principal_id = ?',
        )
        .run(collectionId, principalType, principalId).changes === 1
    );
  }

  async sharedWith(
    userId: string,
    groupIds: readonly string[],
  ): Promise<{ collectionId: string; role: ShareRole }[]> {
    // The strongest share wins: editor through a group beats viewer directly.
    return this.sql
      .get(
        `SELECT collection_id AS collectionId,
           CASE max(role = 'editor') WHEN 1 THEN 'editor' ELSE 'viewer' END AS role FROM collection_shares
         WHERE (principal_type = 'user' AND principal_id = ?)
            OR (principal_type = 'group' AND principal_id IN (SELECT value FROM json_each(?)))
         GROUP BY collection_id`,
      )
      .all(userId, JSON.stringify(groupIds)) as { collectionId: string; role: ShareRole }[];
  }
}

interface KeyRow {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  permissions: string;
  collection_ids: string | null;
  rate_limit: number | null;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  last_used_ip: string | null;
  created_at: number;
}

const toKey = (r: KeyRow): ApiKeyRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  prefix: r.prefix,
  scopes: JSON.parse(r.permissions) as Scope[],
  collectionIds: r.collection_ids === null ? null : (JSON.parse(r.collection_ids) as string[]),
  rateLimitPerMinute: r.rate_limit,
  expiresAt: isoOrNull(r.expires_at),
  revokedAt: isoOrNull(r.revoked_at),
  lastUsedAt: isoOrNull(r.last_used_at),
  lastUsedIp: r.last_used_ip,
  createdAt: iso(r.created_at),
});

/** API keys: only a hash of the secret is kept, with its visible prefix. */
export class SqliteApiKeyRepository implements ApiKeyRepository {
  private readonly sql: StatementCache;

  constructor(db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async create(input: Parameters<ApiKeyRepository['create']>[0]): Promise<ApiKeyRecord> {
    const row = this.sql
      .get(
        `INSERT INTO api_keys (id, user_id, name, key_hash, prefix, permissions, collection_ids, rate_limit,
           expires_at, is_active, created_at)
         VALUES (@id, @userId, @name, @hash, @prefix, @scopes, @collectionIds, @rate, @expiresAt, 1, @now)
         RETURNING *`,
      )
      .get({
        id: input.id,
        userId: input.userId,
        name: input.name,
        hash: input.hash,
        prefix: input.prefix,
        scopes: JSON.stringify(input.scopes),
        collectionIds: input.collectionIds === null ? null : JSON.stringify(input.collectionIds),
        rate: input.rateLimitPerMinute,
        expiresAt: input.expiresAt === null ? null : Date.parse(input.expiresAt),
        now: Date.now(),
      }) as KeyRow;
    return toKey(row);
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const row = this.sql.get('SELECT * FROM api_keys WHERE id = ?').get(id) as KeyRow | undefined;
    return row ? toKey(row) : null;
  }

  async getByHash(hash: string): Promise<ApiKeyRecord | null> {
    const row = this.sql.get('SELECT * FROM api_keys WHERE key_hash = ?').get(hash) as KeyRow | undefined;
    return row ? toKey(row) : null;
  }

  async list(userId?: string): Promise<ApiKeyRecord[]> {
    const rows = (
      userId === undefined
        ? this.sql.get('SELECT * FROM api_keys ORDER BY created_at, id').all()
        : this.sql.get('SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at, id').all(userId)
    ) as KeyRow[];
    return rows.map(toKey);
  }

  async revoke(id: string, at: string): Promise<ApiKeyRecord | null> {
    const row = this.sql
      .get('UPDATE api_keys SET is_active = 0, revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *')
      .get(Date.parse(at), id) as KeyRow | undefined;
    return row ? toKey(row) : null;
  }

  async touch(id: string, at: string, ip: string | null): Promise<void> {
    this.sql
      .get('UPDATE api_keys SET last_used_at = ?, last_used_ip = ? WHERE id = ?')
      .run(Date.parse(at), ip, id);
  }
}

interface SessionRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
  created_at: number;
}

const toSession = (r: SessionRow): RefreshTokenRecord => ({
  id: r.id,
  userId: r.user_id,
  familyId: r.family_id,
  expiresAt: iso(r.expires_at),
  rotatedAt: isoOrNull(r.rotated_at),
  revokedAt: isoOrNull(r.revoked_at),
  createdAt: iso(r.created_at),
});

/** Refresh tokens by hash; a family is one sign-in with all its rotations. */
export class SqliteSessionRepository implements SessionRepository {
  private readonly sql: StatementCache;

  constructor(db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async create(input: Parameters<SessionRepository['create']>[0]): Promise<RefreshTokenRecord> {
    const row = this.sql
      .get(
        `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(
        randomUUID(),
        input.userId,
        input.familyId,
        input.hash,
        Date.parse(input.expiresAt),
        Date.now(),
      ) as SessionRow;
    return toSession(row);
  }

  async getByHash(hash: string): Promise<RefreshTokenRecord | null> {
    const row = this.sql.get('SELECT * FROM refresh_tokens WHERE token_hash = ?').get(hash) as
      SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  async markRotated(id: string, at: string): Promise<boolean> {
    return (
      this.sql
        .get(
          'UPDATE refresh_tokens SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL',
        )
        .run(Date.parse(at), id).changes === 1
    );
  }

  async revokeFamily(familyId: string, at: string): Promise<number> {
    return this.sql
      .get('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL')
      .run(Date.parse(at), familyId).changes;
  }

  async familyActive(familyId: string, at: string): Promise<boolean> {
    return (
      this.sql
        .get(
          'SELECT 1 FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NULL AND expires_at > ? LIMIT 1',
        )
        .get(familyId, Date.parse(at)) !== undefined
    );
  }

  async revokeUser(userId: string, at: string, keepFamilyId?: string): Promise<number> {
    return this.sql
      .get(
        `UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL
           AND family_id IS NOT ?`,
      )
      .run(Date.parse(at), userId, keepFamilyId ?? null).changes;
  }
}
