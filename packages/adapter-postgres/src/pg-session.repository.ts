import { randomUUID } from 'node:crypto';
import type { RefreshTokenRecord, SessionRepository } from '@sift/core';
import type { PgPool } from './pg-database.js';
import { iso, isoOrNull } from './pg-time.js';

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

const COLUMNS = 'id, user_id, family_id, expires_at, rotated_at, revoked_at, created_at';

const SQL = {
  insert: `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at)
    VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
  getByHash: `SELECT ${COLUMNS} FROM refresh_tokens WHERE token_hash = $1`,
  // One UPDATE decides: of two requests presenting the same token at once, exactly one sees a row change.
  markRotated: `UPDATE refresh_tokens SET rotated_at = $2
    WHERE id = $1 AND rotated_at IS NULL AND revoked_at IS NULL`,
  revokeFamily: `UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
  familyActive: `SELECT EXISTS (SELECT 1 FROM refresh_tokens
    WHERE family_id = $1 AND revoked_at IS NULL AND expires_at > $2) AS active`,
  revokeUser: `UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL
    AND family_id IS DISTINCT FROM $3`,
} as const;

/** Refresh tokens by hash; a family is one sign-in with all its rotations. */
export class PgSessionRepository implements SessionRepository {
  constructor(private readonly pool: PgPool) {}

  async create(input: Parameters<SessionRepository['create']>[0]): Promise<RefreshTokenRecord> {
    const { rows } = await this.pool.query<SessionRow>(SQL.insert, [
      randomUUID(),
      input.userId,
      input.familyId,
      input.hash,
      Date.parse(input.expiresAt),
      Date.now(),
    ]);
    return toSession(rows[0]!);
  }

  async getByHash(hash: string): Promise<RefreshTokenRecord | null> {
    const { rows } = await this.pool.query<SessionRow>(SQL.getByHash, [hash]);
    return rows[0] ? toSession(rows[0]) : null;
  }

  async markRotated(id: string, at: string): Promise<boolean> {
    return (await this.pool.query(SQL.markRotated, [id, Date.parse(at)])).rowCount === 1;
  }

  async revokeFamily(familyId: string, at: string): Promise<number> {
    return (await this.pool.query(SQL.revokeFamily, [familyId, Date.parse(at)])).rowCount ?? 0;
  }

  async familyActive(familyId: string, at: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ active: boolean }>(SQL.familyActive, [familyId, Date.parse(at)]);
    return rows[0]!.active;
  }

  async revokeUser(userId: string, at: string, keepFamilyId?: string): Promise<number> {
    return (
      (await this.pool.query(SQL.revokeUser, [userId, Date.parse(at), keepFamilyId ?? null])).rowCount ?? 0
    );
  }
}
