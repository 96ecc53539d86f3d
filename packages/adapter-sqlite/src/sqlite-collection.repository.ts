import { randomUUID } from 'node:crypto';
import { AppError, type Collection, type CollectionRepository, type CollectionSettings } from '@sift/core';
import { COLLECTION_COLUMNS, rowToCollection, type CollectionRow } from './sqlite-collection.mapper.js';
import { mapConstraints } from './sqlite-constraint.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './sqlite-statements.js';

type CollectionPatch = Parameters<CollectionRepository['update']>[1];

const SQL = {
  // A new collection is served by the current vector space (migration 004's settings), like every other.
  insert: `INSERT INTO collections (id, owner_id, name, description, settings, embedding_model, embedding_dim,
      created_at, updated_at)
    VALUES (@id, @ownerId, @name, @description, @settings,
      (SELECT value ->> '$.model' FROM settings WHERE key = 'search.serving_space'),
      (SELECT value ->> '$.dimensions' FROM settings WHERE key = 'search.serving_space'),
      @now, @now)
    RETURNING *, 0 AS document_count`,
  getById: `SELECT ${COLLECTION_COLUMNS} FROM collections WHERE id = ?`,
  getByName: `SELECT ${COLLECTION_COLUMNS} FROM collections WHERE owner_id = ? AND name = ?`,
  list: `SELECT ${COLLECTION_COLUMNS} FROM collections WHERE owner_id = ? ORDER BY name, id`,
  listAll: `SELECT ${COLLECTION_COLUMNS} FROM collections ORDER BY name, id`,
  listByIds: `SELECT ${COLLECTION_COLUMNS} FROM collections WHERE id IN (SELECT value FROM json_each(?))
    ORDER BY name, id`,
  ownedIds: `SELECT id FROM collections WHERE owner_id = ?`,
  // Documents fall back to no collection (ON DELETE SET NULL); its folders and sources go with it (CASCADE).
  delete: `DELETE FROM collections WHERE id = ?`,
} as const;

const PATCH_COLUMNS: {
  [K in keyof Required<CollectionPatch>]: [string, (v: CollectionPatch[K]) => unknown];
} = {
  name: ['name', (v) => v],
  description: ['description', (v) => v],
  settings: ['settings', (v) => JSON.stringify(v)],
  embeddingModel: ['embedding_model', (v) => v],
  embeddingDim: ['embedding_dim', (v) => v],
};

/** Collections on the SQLite file; the document count is computed on read, never stored. */
export class SqliteCollectionRepository implements CollectionRepository {
  private readonly sql: StatementCache;

  constructor(db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async create(input: {
    ownerId: string;
    name: string;
    description?: string | null;
    settings: CollectionSettings;
  }): Promise<Collection> {
    const row = mapConstraints(
      () =>
        this.sql.get(SQL.insert).get({
          id: randomUUID(),
          ownerId: input.ownerId,
          name: input.name,
          description: input.description ?? null,
          settings: JSON.stringify(input.settings),
          now: Date.now(),
        }) as CollectionRow,
      {
        unique: () => nameTaken(input.ownerId, input.name),
        foreign_key: () =>
          new AppError('USER_NOT_FOUND', 'not_found', `user ${input.ownerId} does not exist`, {
            details: { ownerId: input.ownerId },
          }),
      },
    );
    return rowToCollection(row);
  }

  async get(id: string): Promise<Collection | null> {
    return this.one(SQL.getById, id);
  }

  async getByName(ownerId: string, name: string): Promise<Collection | null> {
    return this.one(SQL.getByName, ownerId, name);
  }

  async list(ownerId: string): Promise<Collection[]> {
    return (this.sql.get(SQL.list).all(ownerId) as CollectionRow[]).map(rowToCollection);
  }

  async listAll(): Promise<Collection[]> {
    return (this.sql.get(SQL.listAll).all() as CollectionRow[]).map(rowToCollection);
  }

  async listByIds(ids: readonly string[]): Promise<Collection[]> {
    return (this.sql.get(SQL.listByIds).all(JSON.stringify(ids)) as CollectionRow[]).map(rowToCollection);
  }

  async ownedIds(ownerId: string): Promise<string[]> {
    return this.sql.get(SQL.ownedIds).pluck().all(ownerId) as string[];
  }

  async update(id: string, patch: CollectionPatch): Promise<Collection | null> {
    const sets = ['updated_at = @now'];
    const params: Record<string, unknown> = { id, now: Date.now() };
    for (const key of Object.keys(PATCH_COLUMNS) as (keyof CollectionPatch)[]) {
      if (patch[key] === undefined) continue;
      const [column, toSql] = PATCH_COLUMNS[key] as [string, (v: unknown) => unknown];
      sets.push(`${column} = @${column}`);
      params[column] = toSql(patch[key]);
    }
    const changed = mapConstraints(
      () => this.sql.get(`UPDATE collections SET ${sets.join(', ')} WHERE id = @id`).run(params).changes,
      {
        unique: () => {
          const owner = this.sql.get('SELECT owner_id FROM collections WHERE id = ?').get(id) as
            { owner_id: string } | undefined;
          return nameTaken(owner?.owner_id ?? null, patch.name ?? '');
        },
        check: (reason) =>
          new AppError('COLLECTION_INVALID', 'user', `the collection is invalid: ${reason}`, {
            details: { reason },
          }),
      },
    );
    return changed === 0 ? null : this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    return this.sql.get(SQL.delete).run(id).changes > 0;
  }

  private one(sql: string, ...params: unknown[]): Collection | null {
    const row = this.sql.get(sql).get(...params) as CollectionRow | undefined;
    return row ? rowToCollection(row) : null;
  }
}

function nameTaken(ownerId: string | null, name: string): AppError {
  return new AppError('COLLECTION_NAME_TAKEN', 'conflict', `a collection named "${name}" already exists`, {
    details: { ownerId, name },
  });
}
