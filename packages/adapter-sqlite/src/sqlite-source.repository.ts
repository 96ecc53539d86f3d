import { randomUUID } from 'node:crypto';
import { AppError, type DirectorySource, type ScanSummary, type SourceRepository } from '@sift/core';
import { rowToSource, type SourceRow } from './sqlite-collection.mapper.js';
import { mapConstraints } from './sqlite-constraint.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './sqlite-statements.js';

const SQL = {
  collectionExists: `SELECT 1 FROM collections WHERE id = ?`,
  insert: `INSERT INTO sources (id, owner_id, collection_id, path, created_at)
    VALUES (@id, @ownerId, @collectionId, @path, @now) RETURNING *`,
  getById: `SELECT * FROM sources WHERE id = ?`,
  findByPath: `SELECT * FROM sources WHERE collection_id = ? AND path = ?`,
  listAll: `SELECT * FROM sources ORDER BY created_at, path`,
  listInCollection: `SELECT * FROM sources WHERE collection_id = ? ORDER BY created_at, path`,
  recordScan: `UPDATE sources SET last_scan_at = @now, last_scan = @summary WHERE id = @id`,
  // Documents from the source stay, with no source (ON DELETE SET NULL).
  delete: `DELETE FROM sources WHERE id = ?`,
} as const;

/** Directory sources on the SQLite file; one per (collection, path). */
export class SqliteSourceRepository implements SourceRepository {
  private readonly sql: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async create(input: { ownerId: string; collectionId: string; path: string }): Promise<DirectorySource> {
    const create = this.db.transaction((): SourceRow => {
      if (!this.sql.get(SQL.collectionExists).get(input.collectionId)) {
        throw new AppError(
          'COLLECTION_NOT_FOUND',
          'not_found',
          `collection ${input.collectionId} does not exist`,
          {
            details: { collectionId: input.collectionId },
          },
        );
      }
      return this.sql.get(SQL.insert).get({ id: randomUUID(), ...input, now: Date.now() }) as SourceRow;
    });
    const row = mapConstraints(() => create.immediate(), {
      unique: () =>
        new AppError('SOURCE_EXISTS', 'conflict', `${input.path} is already a source of this collection`, {
          details: { collectionId: input.collectionId, path: input.path },
        }),
      foreign_key: () =>
        new AppError('USER_NOT_FOUND', 'not_found', `user ${input.ownerId} does not exist`, {
          details: { ownerId: input.ownerId },
        }),
      check: (reason) =>
        new AppError('SOURCE_PATH_INVALID', 'user', `the source path is invalid: ${reason}`, {
          details: { path: input.path },
        }),
    });
    return rowToSource(row);
  }

  async get(id: string): Promise<DirectorySource | null> {
    const row = this.sql.get(SQL.getById).get(id) as SourceRow | undefined;
    return row ? rowToSource(row) : null;
  }

  async findByPath(collectionId: string, path: string): Promise<DirectorySource | null> {
    const row = this.sql.get(SQL.findByPath).get(collectionId, path) as SourceRow | undefined;
    return row ? rowToSource(row) : null;
  }

  async list(collectionId?: string): Promise<DirectorySource[]> {
    const rows = (
      collectionId === undefined
        ? this.sql.get(SQL.listAll).all()
        : this.sql.get(SQL.listInCollection).all(collectionId)
    ) as SourceRow[];
    return rows.map(rowToSource);
  }

  async recordScan(id: string, summary: ScanSummary): Promise<void> {
    const { changes } = this.sql
      .get(SQL.recordScan)
      .run({ id, summary: JSON.stringify(summary), now: Date.now() });
    if (changes === 0) {
      throw new AppError('SOURCE_NOT_FOUND', 'not_found', `source ${id} does not exist`, { details: { id } });
    }
  }

  async delete(id: string): Promise<boolean> {
    return this.sql.get(SQL.delete).run(id).changes > 0;
  }
}
