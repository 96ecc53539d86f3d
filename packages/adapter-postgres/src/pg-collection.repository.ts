import { randomUUID } from 'node:crypto';
import { AppError, type Collection, type CollectionRepository, type CollectionSettings } from '@sift/core';
import { COLLECTION_COLUMNS, rowToCollection, type CollectionRow } from './pg-collection.mapper.js';
import { mapConstraints } from './pg-constraint.js';
import type { PgPool } from './pg-database.js';

type CollectionPatch = Parameters<CollectionRepository['update']>[1];

const SQL = {
  // A new collection is served by the current vector space (settings), like every other.
  insert: `INSERT INTO collections (id, owner_id, name, description, settings, embedding_model, embedding_dim,
      created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5,
      (SELECT value ->> 'model' FROM settings WHERE key = 'search.serving_space'),
      (SELECT (value ->> 'dimensions')::integer FROM settings WHERE key = 'search.serving_space'),
      $6, $6)
    RETURNING *, 0 AS document_count`,
  getById: `SELECT ${COLLECTION_COLUMNS} FROM collections WHERE id = $1`,
  getByName: `SELECT ${COLLECTION_COLUMNS} FROM collections WHERE owner_id = $1 AND name = $2`,
  list: `SELECT ${COLLECTION_COLUMNS} FROM collections WHERE owner_id = $1 ORDER BY name, id`,
  listAll: `SELECT ${COLLECTION_COLUMNS} FROM collections ORDER BY name, id`,
  listByIds: `SELECT ${COLLECTION_COLUMNS} FROM collections WHERE id = ANY($1::text[]) ORDER BY name, id`,
  ownedIds: `SELECT id FROM collections WHERE owner_id = $1`,
  ownerOf: `SELECT owner_id FROM collections WHERE id = $1`,
  // Documents fall back to no collection (ON DELETE SET NULL); its folders and sources go with it (CASCADE).
  delete: `DELETE FROM collections WHERE id = $1`,
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

/** Collections on PostgreSQL; the document count is computed on read, never stored. */
export class PgCollectionRepository implements CollectionRepository {
  constructor(private readonly pool: PgPool) {}

  async create(input: {
    ownerId: string;
    name: string;
    description?: string | null;
    settings: CollectionSettings;
  }): Promise<Collection> {
    const { rows } = await mapConstraints(
      () =>
        this.pool.query<CollectionRow>(SQL.insert, [
          randomUUID(),
          input.ownerId,
          input.name,
          input.description ?? null,
          JSON.stringify(input.settings),
          Date.now(),
        ]),
      {
        unique: () => nameTaken(input.ownerId, input.name),
        foreign_key: () =>
          new AppError('USER_NOT_FOUND', 'not_found', `user ${input.ownerId} does not exist`, {
            details: { ownerId: input.ownerId },
          }),
      },
    );
    return rowToCollection(rows[0]!);
  }

  async get(id: string): Promise<Collection | null> {
    return this.one(SQL.getById, [id]);
  }

  async getByName(ownerId: string, name: string): Promise<Collection | null> {
    return this.one(SQL.getByName, [ownerId, name]);
  }

  async list(ownerId: string): Promise<Collection[]> {
    return this.many(SQL.list, [ownerId]);
  }

  async listAll(): Promise<Collection[]> {
    return this.many(SQL.listAll, []);
  }

  async listByIds(ids: readonly string[]): Promise<Collection[]> {
    return this.many(SQL.listByIds, [ids]);
  }

  async ownedIds(ownerId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(SQL.ownedIds, [ownerId]);
    return rows.map((r) => r.id);
  }

  async update(id: string, patch: CollectionPatch): Promise<Collection | null> {
    const params: unknown[] = [id, Date.now()];
    const sets = ['updated_at = $2'];
    for (const key of Object.keys(PATCH_COLUMNS) as (keyof CollectionPatch)[]) {
      if (patch[key] === undefined) continue;
      const [column, toSql] = PATCH_COLUMNS[key] as [string, (v: unknown) => unknown];
      params.push(toSql(patch[key]));
      sets.push(`${column} = $${params.length}`);
    }
    const { rowCount } = await mapConstraints(
      () => this.pool.query(`UPDATE collections SET ${sets.join(', ')} WHERE id = $1`, params),
      {
        unique: () => nameTaken(null, patch.name ?? ''),
        check: (reason) =>
          new AppError('COLLECTION_INVALID', 'user', `the collection is invalid: ${reason}`, {
            details: { reason },
          }),
      },
    ).catch(async (err: unknown) => {
      // The owner, for the error's details: read after the failed statement, outside its transaction.
      if (err instanceof AppError && err.code === 'COLLECTION_NAME_TAKEN') {
        const owner = await this.pool.query<{ owner_id: string }>(SQL.ownerOf, [id]);
        throw nameTaken(owner.rows[0]?.owner_id ?? null, patch.name ?? '', err.cause);
      }
      throw err;
    });
    return rowCount === 0 ? null : this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.pool.query(SQL.delete, [id])).rowCount ?? 0) > 0;
  }

  private async one(sql: string, params: unknown[]): Promise<Collection | null> {
    const { rows } = await this.pool.query<CollectionRow>(sql, params);
    return rows[0] ? rowToCollection(rows[0]) : null;
  }

  private async many(sql: string, params: unknown[]): Promise<Collection[]> {
    const { rows } = await this.pool.query<CollectionRow>(sql, params);
    return rows.map(rowToCollection);
  }
}

function nameTaken(ownerId: string | null, name: string, cause?: unknown): AppError {
  return new AppError('COLLECTION_NAME_TAKEN', 'conflict', `a collection named "${name}" already exists`, {
    details: { ownerId, name },
    cause,
  });
}
