import { randomUUID } from 'node:crypto';
import { AppError, type DirectorySource, type ScanSummary, type SourceRepository } from '@sift/core';
import { rowToSource, type SourceRow } from './pg-collection.mapper.js';
import { constraintName, mapConstraints } from './pg-constraint.js';
import type { PgPool } from './pg-database.js';

const SQL = {
  insert: `INSERT INTO sources (id, owner_id, collection_id, path, created_at)
    VALUES ($1, $2, $3, $4, $5) RETURNING *`,
  getById: `SELECT * FROM sources WHERE id = $1`,
  findByPath: `SELECT * FROM sources WHERE collection_id = $1 AND path = $2`,
  listAll: `SELECT * FROM sources ORDER BY created_at, path`,
  listInCollection: `SELECT * FROM sources WHERE collection_id = $1 ORDER BY created_at, path`,
  recordScan: `UPDATE sources SET last_scan_at = $2, last_scan = $3 WHERE id = $1`,
  // Documents from the source stay, with no source (ON DELETE SET NULL).
  delete: `DELETE FROM sources WHERE id = $1`,
} as const;

/** Directory sources on PostgreSQL; one per (collection, path), which the unique constraint keeps under races. */
export class PgSourceRepository implements SourceRepository {
  constructor(private readonly pool: PgPool) {}

  async create(input: { ownerId: string; collectionId: string; path: string }): Promise<DirectorySource> {
    const { rows } = await mapConstraints(
      () =>
        this.pool.query<SourceRow>(SQL.insert, [
          randomUUID(),
          input.ownerId,
          input.collectionId,
          input.path,
          Date.now(),
        ]),
      {
        unique: () =>
          new AppError('SOURCE_EXISTS', 'conflict', `${input.path} is already a source of this collection`, {
            details: { collectionId: input.collectionId, path: input.path },
          }),
        // PostgreSQL names the foreign key that failed: the collection, or else the owner.
        foreign_key: (_reason, err) =>
          constraintName(err) === 'sources_collection_id_fkey'
            ? new AppError(
                'COLLECTION_NOT_FOUND',
                'not_found',
                `collection ${input.collectionId} does not exist`,
                {
                  details: { collectionId: input.collectionId },
                },
              )
            : new AppError('USER_NOT_FOUND', 'not_found', `user ${input.ownerId} does not exist`, {
                details: { ownerId: input.ownerId },
              }),
        check: (reason) =>
          new AppError('SOURCE_PATH_INVALID', 'user', `the source path is invalid: ${reason}`, {
            details: { path: input.path },
          }),
      },
    );
    return rowToSource(rows[0]!);
  }

  async get(id: string): Promise<DirectorySource | null> {
    const { rows } = await this.pool.query<SourceRow>(SQL.getById, [id]);
    return rows[0] ? rowToSource(rows[0]) : null;
  }

  async findByPath(collectionId: string, path: string): Promise<DirectorySource | null> {
    const { rows } = await this.pool.query<SourceRow>(SQL.findByPath, [collectionId, path]);
    return rows[0] ? rowToSource(rows[0]) : null;
  }

  async list(collectionId?: string): Promise<DirectorySource[]> {
    const { rows } =
      collectionId === undefined
        ? await this.pool.query<SourceRow>(SQL.listAll)
        : await this.pool.query<SourceRow>(SQL.listInCollection, [collectionId]);
    return rows.map(rowToSource);
  }

  async recordScan(id: string, summary: ScanSummary): Promise<void> {
    const { rowCount } = await this.pool.query(SQL.recordScan, [id, Date.now(), JSON.stringify(summary)]);
    if (rowCount === 0) {
      throw new AppError('SOURCE_NOT_FOUND', 'not_found', `source ${id} does not exist`, { details: { id } });
    }
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.pool.query(SQL.delete, [id])).rowCount ?? 0) > 0;
  }
}
