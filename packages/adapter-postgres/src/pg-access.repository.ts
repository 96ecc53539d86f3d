import {
  type ApiKeyRecord,
  type ApiKeyRepository,
  type CollectionShare,
  type Scope,
  type ShareRepository,
  type ShareRole,
} from '@sift/core';
import type { PgPool } from './pg-database.js';
import { iso, isoOrNull } from './pg-time.js';

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

const SHARE_SQL = {
  list: `SELECT * FROM collection_shares WHERE collection_id = $1 ORDER BY principal_type, principal_id`,
  // Changing a share keeps when it was first made.
  put: `INSERT INTO collection_shares (collection_id, principal_type, principal_id, role, created_at)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (collection_id, principal_type, principal_id) DO UPDATE SET role = excluded.role
    RETURNING *`,
  delete: `DELETE FROM collection_shares WHERE collection_id = $1 AND principal_type = $2 AND principal_id = $3`,
  // The strongest share wins: editor through a group beats viewer directly.
  sharedWith: `SELECT collection_id AS "collectionId",
      CASE WHEN bool_or(role = 'editor') THEN 'editor' ELSE 'viewer' END AS role
    FROM collection_shares
    WHERE (principal_type = 'user' AND principal_id = $1)
       OR (principal_type = 'group' AND principal_id = ANY($2::text[]))
    GROUP BY collection_id ORDER BY collection_id`,
} as const;

/** Collection shares: one row per collection and user or group. */
export class PgShareRepository implements ShareRepository {
  constructor(private readonly pool: PgPool) {}

  async list(collectionId: string): Promise<CollectionShare[]> {
    const { rows } = await this.pool.query<ShareRow>(SHARE_SQL.list, [collectionId]);
    return rows.map(toShare);
  }

  async put(share: Parameters<ShareRepository['put']>[0]): Promise<CollectionShare> {
    const { rows } = await this.pool.query<ShareRow>(SHARE_SQL.put, [
      share.collectionId,
      share.principalType,
      share.principalId,
      share.role,
      Date.now(),
    ]);
    return toShare(rows[0]!);
  }

  async delete(collectionId: string, principalType: 'user' | 'group', principalId: string): Promise<boolean> {
    const result = await this.pool.query(SHARE_SQL.delete, [collectionId, principalType, principalId]);
    return result.rowCount === 1;
  }

  async sharedWith(
    userId: string,
    groupIds: readonly string[],
  ): Promise<{ collectionId: string; role: ShareRole }[]> {
    const { rows } = await this.pool.query<{ collectionId: string; role: ShareRole }>(SHARE_SQL.sharedWith, [
      userId,
      [...groupIds],
    ]);
    return rows;
  }
}

interface KeyRow {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  permissions: Scope[];
  collection_ids: string[] | null;
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
  scopes: r.permissions,
  collectionIds: r.collection_ids,
  rateLimitPerMinute: r.rate_limit,
  expiresAt: isoOrNull(r.expires_at),
  revokedAt: isoOrNull(r.revoked_at),
  lastUsedAt: isoOrNull(r.last_used_at),
  lastUsedIp: r.last_used_ip,
  createdAt: iso(r.created_at),
});

// Never the hash: it stays in the table.
const KEY_COLUMNS = `id, user_id, name, prefix, permissions, collection_ids, rate_limit, expires_at, revoked_at,
  last_used_at, last_used_ip, created_at`;

const KEY_SQL = {
  insert: `INSERT INTO api_keys (id, user_id, name, key_hash, prefix, permissions, collection_ids, rate_limit,
      expires_at, is_active, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, true, $10)
    RETURNING ${KEY_COLUMNS}`,
  get: `SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1`,
  getByHash: `SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = $1`,
  listAll: `SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`,
  listOf: `SELECT ${KEY_COLUMNS} FROM api_keys WHERE user_id = $1 ORDER BY created_at, id`,
  // The first revocation time stands.
  revoke: `UPDATE api_keys SET is_active = false, revoked_at = coalesce(revoked_at, $2) WHERE id = $1
    RETURNING ${KEY_COLUMNS}`,
  touch: `UPDATE api_keys SET last_used_at = $2, last_used_ip = $3 WHERE id = $1`,
} as const;

/** API keys: only a hash of the secret is kept, with its visible prefix. */
export class PgApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly pool: PgPool) {}

  async create(input: Parameters<ApiKeyRepository['create']>[0]): Promise<ApiKeyRecord> {
    const { rows } = await this.pool.query<KeyRow>(KEY_SQL.insert, [
      input.id,
      input.userId,
      input.name,
      input.hash,
      input.prefix,
      JSON.stringify(input.scopes),
      input.collectionIds === null ? null : JSON.stringify(input.collectionIds),
      input.rateLimitPerMinute,
      input.expiresAt === null ? null : Date.parse(input.expiresAt),
      Date.now(),
    ]);
    return toKey(rows[0]!);
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.pool.query<KeyRow>(KEY_SQL.get, [id]);
    return rows[0] ? toKey(rows[0]) : null;
  }

  async getByHash(hash: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.pool.query<KeyRow>(KEY_SQL.getByHash, [hash]);
    return rows[0] ? toKey(rows[0]) : null;
  }

  async list(userId?: string): Promise<ApiKeyRecord[]> {
    const { rows } =
      userId === undefined
        ? await this.pool.query<KeyRow>(KEY_SQL.listAll)
        : await this.pool.query<KeyRow>(KEY_SQL.listOf, [userId]);
    return rows.map(toKey);
  }

  async revoke(id: string, at: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.pool.query<KeyRow>(KEY_SQL.revoke, [id, Date.parse(at)]);
    return rows[0] ? toKey(rows[0]) : null;
  }

  async touch(id: string, at: string, ip: string | null): Promise<void> {
    await this.pool.query(KEY_SQL.touch, [id, Date.parse(at), ip]);
  }
}
