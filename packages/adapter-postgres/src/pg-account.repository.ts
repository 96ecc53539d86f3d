import { randomUUID } from 'node:crypto';
import { AppError, type Account, type AccountRepository, type Page, type Role } from '@sift/core';
import { constraintKind } from './pg-constraint.js';
import { withTransaction, type PgPool } from './pg-database.js';
import { decodeSeqCursor, encodeSeqCursor } from './pg-seq-cursor.js';
import { iso, isoOrNull } from './pg-time.js';

interface AccountRow {
  seq: number;
  id: string;
  email: string;
  display_name: string;
  access_role: Role;
  is_active: boolean;
  has_password: boolean;
  external_id: string | null;
  last_login_at: number | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS = `seq, id, email, display_name, access_role, is_active, password_hash IS NOT NULL AS has_password,
  external_id, last_login_at, created_at, updated_at`;

// Accounts able to sign in: a password or a linked OpenID identity.
const CAN_SIGN_IN = '(password_hash IS NOT NULL OR external_id IS NOT NULL)';

const SQL = {
  insert: `INSERT INTO users (id, email, username, display_name, password_hash, role, access_role, external_id,
      created_at, updated_at)
    VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $8)
    RETURNING ${COLUMNS}`,
  get: `SELECT ${COLUMNS} FROM users WHERE id = $1`,
  // lower() on both sides: the unique index is on lower(email) (SQLite: COLLATE NOCASE).
  getByEmail: `SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1)`,
  getByExternalId: `SELECT ${COLUMNS} FROM users WHERE external_id = $1`,
  passwordHash: `SELECT password_hash FROM users WHERE id = $1`,
  list: `SELECT ${COLUMNS} FROM users WHERE seq > $1 ORDER BY seq LIMIT $2`,
  countSignIn: `SELECT count(*) AS n FROM users WHERE is_active AND ${CAN_SIGN_IN}`,
  countAdmins: `SELECT count(*) AS n FROM users WHERE is_active AND access_role = 'admin' AND ${CAN_SIGN_IN}`,
  anySignIn: `SELECT EXISTS (SELECT 1 FROM users WHERE ${CAN_SIGN_IN}) AS found`,
  claimLocal: `UPDATE users SET email = $2, username = $2, display_name = $3, password_hash = $4, external_id = $5,
      role = 'admin', access_role = 'admin', is_active = true, updated_at = $6
    WHERE id = $1 RETURNING id`,
  insertAdmin: `INSERT INTO users (id, email, username, display_name, password_hash, role, access_role, external_id,
      created_at, updated_at)
    VALUES ($1, $2, $2, $3, $4, 'admin', 'admin', $5, $6, $6)`,
} as const;

type Patch = Parameters<AccountRepository['update']>[1];

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.access_role,
    isActive: row.is_active,
    hasPassword: row.has_password,
    externalId: row.external_id,
    lastLoginAt: isoOrNull(row.last_login_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

// Every unique index of users (id, email, username = email, external id) reads as "that account exists".
function emailTaken(email: string, cause: unknown): AppError {
  return new AppError('EMAIL_TAKEN', 'conflict', `an account with the email ${email} exists already`, {
    details: { email },
    cause,
  });
}

const legacyRole = (role: Role) => (role === 'admin' ? 'admin' : 'user');

/**
 * Accounts in `users`. `access_role` is the role; the older `role` column (admin | user) is kept in step for
 * readers of the first schema. Usernames mirror emails (the column is unique and required).
 */
export class PgAccountRepository implements AccountRepository {
  constructor(private readonly pool: PgPool) {}

  async create(input: Parameters<AccountRepository['create']>[0]): Promise<Account> {
    try {
      const { rows } = await this.pool.query<AccountRow>(SQL.insert, [
        input.id ?? randomUUID(),
        input.email,
        input.displayName,
        input.passwordHash,
        legacyRole(input.role),
        input.role,
        input.externalId ?? null,
        Date.now(),
      ]);
      return toAccount(rows[0]!);
    } catch (err) {
      if (constraintKind(err) === 'unique') throw emailTaken(input.email, err);
      throw err;
    }
  }

  async get(id: string): Promise<Account | null> {
    return this.one(SQL.get, id);
  }

  async getByEmail(email: string): Promise<Account | null> {
    return this.one(SQL.getByEmail, email);
  }

  async getByExternalId(externalId: string): Promise<Account | null> {
    return this.one(SQL.getByExternalId, externalId);
  }

  async passwordHash(id: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ password_hash: string | null }>(SQL.passwordHash, [id]);
    return rows[0]?.password_hash ?? null;
  }

  async list(options: { limit?: number; cursor?: string } = {}): Promise<Page<Account>> {
    const limit = Math.min(500, Math.max(1, options.limit ?? 100));
    const after = options.cursor ? decodeSeqCursor(options.cursor) : 0;
    const { rows } = await this.pool.query<AccountRow>(SQL.list, [after, limit + 1]);
    const page = rows.slice(0, limit);
    return {
      items: page.map(toAccount),
      nextCursor: rows.length > limit ? encodeSeqCursor(page.at(-1)!.seq) : null,
    };
  }

  async update(id: string, patch: Patch): Promise<Account | null> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (patch.email !== undefined) {
      set('email', patch.email);
      set('username', patch.email);
    }
    if (patch.displayName !== undefined) set('display_name', patch.displayName);
    if (patch.role !== undefined) {
      set('access_role', patch.role);
      set('role', legacyRole(patch.role));
    }
    if (patch.isActive !== undefined) set('is_active', patch.isActive);
    if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash);
    if (patch.externalId !== undefined) set('external_id', patch.externalId);
    if (patch.lastLoginAt !== undefined) set('last_login_at', Date.parse(patch.lastLoginAt));
    if (sets.length === 0) return this.get(id);
    set('updated_at', Date.now());
    try {
      const { rows } = await this.pool.query<AccountRow>(
        `UPDATE users SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
        params,
      );
      return rows[0] ? toAccount(rows[0]) : null;
    } catch (err) {
      if (constraintKind(err) === 'unique') throw emailTaken(patch.email ?? '', err);
      throw err;
    }
  }

  async countSignInAccounts(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(SQL.countSignIn);
    return rows[0]!.n;
  }

  async countActiveAdmins(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(SQL.countAdmins);
    return rows[0]!.n;
  }

  async claimFirstAdmin(input: Parameters<AccountRepository['claimFirstAdmin']>[0]): Promise<Account | null> {
    const id = await withTransaction(this.pool, async (client) => {
      // Claims queue on one lock per schema, held to commit: the second sees the first's admin and yields.
      // (Each statement below reads a fresh snapshot under read committed, so it sees the committed claim.)
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('sift.first-admin.' || current_schema()))`);
      const { rows } = await client.query<{ found: boolean }>(SQL.anySignIn);
      if (rows[0]!.found) return null;
      const now = Date.now();
      const externalId = input.externalId ?? null;
      // The built-in local user of a single-user install becomes the admin: its documents stay its own.
      const claimed = await client.query<{ id: string }>(SQL.claimLocal, [
        input.localUserId,
        input.email,
        input.displayName,
        input.passwordHash,
        externalId,
        now,
      ]);
      if (claimed.rows[0]) return claimed.rows[0].id;
      const created = randomUUID();
      await client.query(SQL.insertAdmin, [
        created,
        input.email,
        input.displayName,
        input.passwordHash,
        externalId,
        now,
      ]);
      return created;
    });
    return id ? this.get(id) : null;
  }

  private async one(sql: string, value: string): Promise<Account | null> {
    const { rows } = await this.pool.query<AccountRow>(sql, [value]);
    return rows[0] ? toAccount(rows[0]) : null;
  }
}
