import { randomUUID } from 'node:crypto';
import {
  AppError,
  type Account,
  type AccountRepository,
  type Group,
  type GroupRepository,
  type Page,
  type Role,
} from '@sift/core';
import type { SqliteDatabase } from './sqlite-database.js';
import { constraintKind } from './sqlite-constraint.js';
import { StatementCache } from './sqlite-statements.js';
import { decodeCursor, encodeCursor } from './sqlite-task.mapper.js';

interface AccountRow {
  rowid: number;
  id: string;
  email: string;
  display_name: string;
  access_role: Role;
  is_active: number;
  has_password: number;
  external_id: string | null;
  last_login_at: number | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS = `rowid, id, email, display_name, access_role, is_active, password_hash IS NOT NULL AS has_password,
  external_id, last_login_at, created_at, updated_at`;
const iso = (ms: number) => new Date(ms).toISOString();

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.access_role,
    isActive: row.is_active === 1,
    hasPassword: row.has_password === 1,
    externalId: row.external_id,
    lastLoginAt: row.last_login_at === null ? null : iso(row.last_login_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function emailTaken(email: string, cause: unknown): AppError {
  return new AppError('EMAIL_TAKEN', 'conflict', `an account with the email ${email} exists already`, {
    details: { email },
    cause,
  });
}

/**
 * Accounts in `users`. `access_role` is the role; the older `role` column (admin | user) is kept in step for
 * readers of the first schema. Usernames mirror emails (the column is unique and required).
 */
export class SqliteAccountRepository implements AccountRepository {
  private readonly sql: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async create(input: Parameters<AccountRepository['create']>[0]): Promise<Account> {
    const now = Date.now();
    try {
      const row = this.sql
        .get(
          `INSERT INTO users (id, email, username, display_name, password_hash, role, access_role, external_id,
             created_at, updated_at)
           VALUES (@id, @email, @email, @displayName, @passwordHash, @legacyRole, @role, @externalId, @now, @now)
           RETURNING ${COLUMNS}`,
        )
        .get({
          id: input.id ?? randomUUID(),
          email: input.email,
          displayName: input.displayName,
          passwordHash: input.passwordHash,
          legacyRole: input.role === 'admin' ? 'admin' : 'user',
          role: input.role,
          externalId: input.externalId ?? null,
          now,
        }) as AccountRow;
      return toAccount(row);
    } catch (err) {
      if (constraintKind(err) === 'unique') throw emailTaken(input.email, err);
      throw err;
    }
  }

  async get(id: string): Promise<Account | null> {
    const row = this.sql.get(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as AccountRow | undefined;
    return row ? toAccount(row) : null;
  }

  async getByEmail(email: string): Promise<Account | null> {
    const row = this.sql.get(`SELECT ${COLUMNS} FROM users WHERE email = ?`).get(email) as
      AccountRow | undefined;
    return row ? toAccount(row) : null;
  }

  async getByExternalId(externalId: string): Promise<Account | null> {
    const row = this.sql.get(`SELECT ${COLUMNS} FROM users WHERE external_id = ?`).get(externalId) as
      AccountRow | undefined;
    return row ? toAccount(row) : null;
  }

  async passwordHash(id: string): Promise<string | null> {
    return (
      (this.sql.get('SELECT password_hash FROM users WHERE id = ?').pluck().get(id) as string | null) ?? null
    );
  }

  async list(options: { limit?: number; cursor?: string } = {}): Promise<Page<Account>> {
    const limit = Math.min(500, Math.max(1, options.limit ?? 100));
    const after = options.cursor ? decodeCursor(options.cursor) : 0;
    const rows = this.sql
      .get(`SELECT ${COLUMNS} FROM users WHERE rowid > ? ORDER BY rowid LIMIT ?`)
      .all(after, limit + 1) as AccountRow[];
    const page = rows.slice(0, limit);
    return {
      items: page.map(toAccount),
      nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.rowid) : null,
    };
  }

  async update(id: string, patch: Parameters<AccountRepository['update']>[1]): Promise<Account | null> {
    const sets: string[] = [];
    const params: Record<string, unknown> = { id, now: Date.now() };
    const set = (column: string, name: string, value: unknown) => {
      sets.push(`${column} = @${name}`);
      params[name] = value;
    };
    if (patch.email !== undefined) {
      set('email', 'email', patch.email);
      set('username', 'username', patch.email);
    }
    if (patch.displayName !== undefined) set('display_name', 'displayName', patch.displayName);
    if (patch.role !== undefined) {
      set('access_role', 'role', patch.role);
      set('role', 'legacyRole', patch.role === 'admin' ? 'admin' : 'user');
    }
    if (patch.isActive !== undefined) set('is_active', 'isActive', patch.isActive ? 1 : 0);
    if (patch.passwordHash !== undefined) set('password_hash', 'passwordHash', patch.passwordHash);
    if (patch.externalId !== undefined) set('external_id', 'externalId', patch.externalId);
    if (patch.lastLoginAt !== undefined) set('last_login_at', 'lastLoginAt', Date.parse(patch.lastLoginAt));
    if (sets.length === 0) return this.get(id);
    try {
      const row = this.db
        .prepare(`UPDATE users SET ${sets.join(', ')}, updated_at = @now WHERE id = @id RETURNING ${COLUMNS}`)
        .get(params) as AccountRow | undefined;
      return row ? toAccount(row) : null;
    } catch (err) {
      if (constraintKind(err) === 'unique') throw emailTaken(patch.email ?? '', err);
      throw err;
    }
  }

  async countSignInAccounts(): Promise<number> {
    return this.sql
      .get(
        `SELECT count(*) FROM users WHERE is_active = 1 AND (password_hash IS NOT NULL OR external_id IS NOT NULL)`,
      )
      .pluck()
      .get() as number;
  }

  async countActiveAdmins(): Promise<number> {
    return this.sql
      .get(
        `SELECT count(*) FROM users WHERE is_active = 1 AND access_role = 'admin'
           AND (password_hash IS NOT NULL OR external_id IS NOT NULL)`,
      )
      .pluck()
      .get() as number;
  }

  async claimFirstAdmin(input: Parameters<AccountRepository['claimFirstAdmin']>[0]): Promise<Account | null> {
    // IMMEDIATE: the write lock is taken before the count, so two racing setups cannot both see zero.
    const claim = this.db.transaction((): string | null => {
      const existing = this.sql
        .get(`SELECT count(*) FROM users WHERE password_hash IS NOT NULL OR external_id IS NOT NULL`)
        .pluck()
        .get() as number;
      if (existing > 0) return null;
      const now = Date.now();
      // The built-in local user of a single-user install becomes the admin: its documents stay its own.
      const claimed = this.sql
        .get(
          `UPDATE users SET email = @email, username = @email, display_name = @displayName,
             password_hash = @passwordHash, external_id = @externalId, role = 'admin', access_role = 'admin',
             is_active = 1, updated_at = @now
           WHERE id = @id RETURNING id`,
        )
        .pluck()
        .get({ ...input, externalId: input.externalId ?? null, id: input.localUserId, now }) as
        string | undefined;
      if (claimed) return claimed;
      const id = randomUUID();
      this.sql
        .get(
          `INSERT INTO users (id, email, username, display_name, password_hash, role, access_role, external_id,
             created_at, updated_at)
           VALUES (@id, @email, @email, @displayName, @passwordHash, 'admin', 'admin', @externalId, @now, @now)`,
        )
        .run({ ...input, externalId: input.externalId ?? null, id, now });
      return id;
    });
    const id = claim.immediate();
    return id ? this.get(id) : null;
  }
}

/** Groups of accounts, for sharing collections with many people at once. */
export class SqliteGroupRepository implements GroupRepository {
  private readonly sql: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async create(name: string): Promise<Group> {
    const id = randomUUID();
    try {
      this.sql.get('INSERT INTO groups (id, name, created_at) VALUES (?, ?, ?)').run(id, name, Date.now());
    } catch (err) {
      if (constraintKind(err) === 'unique') {
        throw new AppError('GROUP_NAME_TAKEN', 'conflict', `a group named ${name} exists already`, {
          details: { name },
          cause: err,
        });
      }
      throw err;
    }
    return (await this.get(id))!;
  }

  async get(id: string): Promise<Group | null> {
    const row = this.sql.get('SELECT id, name, created_at FROM groups WHERE id = ?').get(id) as
      { id: string; name: string; created_at: number } | undefined;
    if (!row) return null;
    const memberIds = this.sql
      .get('SELECT user_id FROM group_members WHERE group_id = ? ORDER BY user_id')
      .pluck()
      .all(id) as string[];
    return { id: row.id, name: row.name, memberIds, createdAt: iso(row.created_at) };
  }

  async list(): Promise<Group[]> {
    const ids = this.sql.get('SELECT id FROM groups ORDER BY name').pluck().all() as string[];
    return (await Promise.all(ids.map((id) => this.get(id)))).filter((g): g is Group => g !== null);
  }

  async rename(id: string, name: string): Promise<Group | null> {
    try {
      this.sql.get('UPDATE groups SET name = ? WHERE id = ?').run(name, id);
    } catch (err) {
      if (constraintKind(err) === 'unique') {
        throw new AppError('GROUP_NAME_TAKEN', 'conflict', `a group named ${name} exists already`, {
          details: { name },
        });
      }
      throw err;
    }
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    return this.sql.get('DELETE FROM groups WHERE id = ?').run(id).changes === 1;
  }

  async setMembers(id: string, userIds: string[]): Promise<Group | null> {
    const replace = this.db.transaction(() => {
      if (!this.sql.get('SELECT 1 FROM groups WHERE id = ?').get(id)) return false;
      this.sql.get('DELETE FROM group_members WHERE group_id = ?').run(id);
      const insert = this.sql.get('INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)');
      for (const userId of new Set(userIds)) insert.run(id, userId);
      return true;
    });
    try {
      if (!replace.immediate()) return null;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new AppError('USER_NOT_FOUND', 'not_found', 'a member of the group does not exist', {
          details: { userIds },
        });
      }
      throw err;
    }
    return this.get(id);
  }

  async groupsOf(userId: string): Promise<string[]> {
    return this.sql
      .get('SELECT group_id FROM group_members WHERE user_id = ?')
      .pluck()
      .all(userId) as string[];
  }
}
