import { randomUUID } from 'node:crypto';
import { AppError, type Group, type GroupRepository } from '@sift/core';
import { constraintKind } from './pg-constraint.js';
import { withTransaction, type PgPool } from './pg-database.js';
import { iso } from './pg-time.js';

interface GroupRow {
  id: string;
  name: string;
  created_at: number;
  member_ids: string[];
}

// Members in code-point order (SQLite's BINARY), gathered in the same statement as the group.
const SELECT_GROUP = `SELECT g.id, g.name, g.created_at,
    coalesce(array_agg(m.user_id ORDER BY m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}') AS member_ids
  FROM groups g LEFT JOIN group_members m ON m.group_id = g.id`;

const SQL = {
  insert: `INSERT INTO groups (id, name, created_at) VALUES ($1, $2, $3)`,
  get: `${SELECT_GROUP} WHERE g.id = $1 GROUP BY g.id`,
  // Case-insensitive name order, as SQLite's NOCASE column sorts; the C collation keeps it independent of the
  // database's locale.
  list: `${SELECT_GROUP} GROUP BY g.id ORDER BY lower(g.name) COLLATE "C", g.id`,
  rename: `UPDATE groups SET name = $2 WHERE id = $1`,
  delete: `DELETE FROM groups WHERE id = $1`,
  lock: `SELECT 1 FROM groups WHERE id = $1 FOR UPDATE`,
  clearMembers: `DELETE FROM group_members WHERE group_id = $1`,
  addMembers: `INSERT INTO group_members (group_id, user_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
  groupsOf: `SELECT group_id FROM group_members WHERE user_id = $1 ORDER BY group_id`,
} as const;

const toGroup = (row: GroupRow): Group => ({
  id: row.id,
  name: row.name,
  memberIds: row.member_ids,
  createdAt: iso(row.created_at),
});

function nameTaken(name: string, cause: unknown): AppError {
  return new AppError('GROUP_NAME_TAKEN', 'conflict', `a group named ${name} exists already`, {
    details: { name },
    cause,
  });
}

/** Groups of accounts, for sharing collections with many people at once. */
export class PgGroupRepository implements GroupRepository {
  constructor(private readonly pool: PgPool) {}

  async create(name: string): Promise<Group> {
    const id = randomUUID();
    try {
      await this.pool.query(SQL.insert, [id, name, Date.now()]);
    } catch (err) {
      if (constraintKind(err) === 'unique') throw nameTaken(name, err);
      throw err;
    }
    return (await this.get(id))!;
  }

  async get(id: string): Promise<Group | null> {
    const { rows } = await this.pool.query<GroupRow>(SQL.get, [id]);
    return rows[0] ? toGroup(rows[0]) : null;
  }

  async list(): Promise<Group[]> {
    const { rows } = await this.pool.query<GroupRow>(SQL.list);
    return rows.map(toGroup);
  }

  async rename(id: string, name: string): Promise<Group | null> {
    try {
      await this.pool.query(SQL.rename, [id, name]);
    } catch (err) {
      if (constraintKind(err) === 'unique') throw nameTaken(name, err);
      throw err;
    }
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.pool.query(SQL.delete, [id])).rowCount ?? 0) === 1;
  }

  async setMembers(id: string, userIds: string[]): Promise<Group | null> {
    try {
      const found = await withTransaction(this.pool, async (client) => {
        // The row lock serialises two replacements of the same group: the last one wins whole.
        if ((await client.query(SQL.lock, [id])).rowCount === 0) return false;
        await client.query(SQL.clearMembers, [id]);
        await client.query(SQL.addMembers, [id, [...new Set(userIds)]]);
        return true;
      });
      if (!found) return null;
    } catch (err) {
      if (constraintKind(err) === 'foreign_key') {
        throw new AppError('USER_NOT_FOUND', 'not_found', 'a member of the group does not exist', {
          details: { userIds },
          cause: err,
        });
      }
      throw err;
    }
    return this.get(id);
  }

  async groupsOf(userId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ group_id: string }>(SQL.groupsOf, [userId]);
    return rows.map((r) => r.group_id);
  }
}
