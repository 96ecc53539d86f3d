import { randomUUID } from 'node:crypto';
import { AppError, type Folder, type FolderRepository } from '@sift/core';
import { rowToFolder, type FolderRow } from './sqlite-collection.mapper.js';
import { mapConstraints } from './sqlite-constraint.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './sqlite-statements.js';

const SUBTREE = `WITH RECURSIVE subtree (id, depth) AS (
    SELECT id, 0 FROM folders WHERE id = @id
    UNION ALL
    SELECT f.id, s.depth + 1 FROM folders f JOIN subtree s ON f.parent_id = s.id
  )`;

const SQL = {
  getById: `SELECT * FROM folders WHERE id = ?`,
  collectionExists: `SELECT 1 FROM collections WHERE id = ?`,
  insert: `INSERT INTO folders (id, owner_id, collection_id, parent_id, name, path, created_at, updated_at)
    VALUES (@id, @ownerId, @collectionId, @parentId, @name, @path, @now, @now) RETURNING *`,
  listAll: `SELECT * FROM folders WHERE owner_id = ? ORDER BY path, id`,
  listInCollection: `SELECT * FROM folders WHERE owner_id = ? AND collection_id = ? ORDER BY path, id`,
  move: `UPDATE folders SET name = @name, parent_id = @parentId, path = @path, updated_at = @now
    WHERE id = @id RETURNING *`,
  // Characters, not bytes, on both sides: length() and substr() count characters of TEXT.
  rebaseDescendants: `${SUBTREE} UPDATE folders SET path = @newPath || substr(path, length(@oldPath) + 1)
    WHERE id IN (SELECT id FROM subtree WHERE depth > 0)`,
  subtreeIds: `${SUBTREE} SELECT subtree.id FROM subtree JOIN folders USING (id) ORDER BY depth, path`,
  // Subfolders are deleted explicitly rather than by cascade, which SQLite nests one trigger level per level.
  deleteSubtree: `${SUBTREE} DELETE FROM folders WHERE id IN (SELECT id FROM subtree)`,
} as const;

/**
 * Folders on the SQLite file, with a materialised `path`. A subfolder belongs to its parent's collection;
 * renames and moves rewrite the paths of the whole subtree in the same transaction.
 */
export class SqliteFolderRepository implements FolderRepository {
  private readonly sql: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async create(input: {
    ownerId: string;
    name: string;
    parentId: string | null;
    collectionId: string | null;
  }): Promise<Folder> {
    const name = checkName(input.name);
    const create = this.db.transaction((): FolderRow => {
      let collectionId = input.collectionId;
      let path = `/${name}`;
      if (input.parentId !== null) {
        const parent = this.ownedRow(input.parentId, input.ownerId);
        if (collectionId !== null && parent.collection_id !== collectionId) {
          throw collectionMismatch(parent, collectionId);
        }
        collectionId = parent.collection_id;
        path = `${parent.path}/${name}`;
      }
      if (collectionId !== null && !this.sql.get(SQL.collectionExists).get(collectionId)) {
        throw new AppError('COLLECTION_NOT_FOUND', 'not_found', `collection ${collectionId} does not exist`, {
          details: { collectionId },
        });
      }
      return this.sql.get(SQL.insert).get({
        id: randomUUID(),
        ownerId: input.ownerId,
        collectionId,
        parentId: input.parentId,
        name,
        path,
        now: Date.now(),
      }) as FolderRow;
    });
    const row = mapConstraints(() => create.immediate(), {
      unique: () => nameTaken(name, input.parentId),
      foreign_key: () =>
        new AppError('USER_NOT_FOUND', 'not_found', `user ${input.ownerId} does not exist`, {
          details: { ownerId: input.ownerId },
        }),
    });
    return rowToFolder(row);
  }

  async get(id: string): Promise<Folder | null> {
    const row = this.row(id);
    return row ? rowToFolder(row) : null;
  }

  async list(ownerId: string, options: { collectionId?: string } = {}): Promise<Folder[]> {
    const rows = (
      options.collectionId === undefined
        ? this.sql.get(SQL.listAll).all(ownerId)
        : this.sql.get(SQL.listInCollection).all(ownerId, options.collectionId)
    ) as FolderRow[];
    return rows.map(rowToFolder);
  }

  async update(id: string, patch: { name?: string; parentId?: string | null }): Promise<Folder | null> {
    const name = patch.name === undefined ? undefined : checkName(patch.name);
    // Where the folder was going, for the error when a sibling there already has its name.
    let target = { name: name ?? '', parentId: patch.parentId ?? null };
    const update = this.db.transaction((): FolderRow | undefined => {
      const row = this.row(id);
      if (!row) return undefined;
      const parentId = patch.parentId === undefined ? row.parent_id : patch.parentId;
      let parentPath = '';
      if (parentId !== null) {
        const parent = this.ownedRow(parentId, row.owner_id);
        if (this.subtree(id).includes(parentId)) {
          throw new AppError(
            'FOLDER_CYCLE',
            'user',
            'a folder cannot be moved into itself or its subfolders',
            {
              details: { id, parentId },
            },
          );
        }
        if (parent.collection_id !== row.collection_id) throw collectionMismatch(parent, row.collection_id);
        parentPath = parent.path;
      }
      const newName = name ?? row.name;
      const newPath = `${parentPath}/${newName}`;
      target = { name: newName, parentId };
      const moved = this.sql
        .get(SQL.move)
        .get({ id, name: newName, parentId, path: newPath, now: Date.now() }) as FolderRow;
      if (newPath !== row.path) this.sql.get(SQL.rebaseDescendants).run({ id, newPath, oldPath: row.path });
      return moved;
    });
    const row = mapConstraints(() => update.immediate(), {
      unique: () => nameTaken(target.name, target.parentId),
    });
    return row ? rowToFolder(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    // Documents in the deleted folders stay, with no folder (ON DELETE SET NULL).
    return this.sql.get(SQL.deleteSubtree).run({ id }).changes > 0;
  }

  async subtreeIds(id: string): Promise<string[]> {
    return this.subtree(id);
  }

  private subtree(id: string): string[] {
    return (this.sql.get(SQL.subtreeIds).all({ id }) as { id: string }[]).map((r) => r.id);
  }

  private row(id: string): FolderRow | undefined {
    return this.sql.get(SQL.getById).get(id) as FolderRow | undefined;
  }

  /** The folder, if it exists and belongs to `ownerId`: another owner's folder is as good as missing. */
  private ownedRow(id: string, ownerId: string): FolderRow {
    const row = this.row(id);
    if (!row || row.owner_id !== ownerId) {
      throw new AppError('FOLDER_NOT_FOUND', 'not_found', `folder ${id} does not exist`, { details: { id } });
    }
    return row;
  }
}

/** The materialised path joins names with `/`, so a name must be non-empty and slash-free. */
function checkName(name: string): string {
  if (name.length === 0 || name.includes('/')) {
    throw new AppError('FOLDER_NAME_INVALID', 'user', 'a folder name is not empty and has no slashes', {
      details: { name },
    });
  }
  return name;
}

function nameTaken(name: string, parentId: string | null): AppError {
  return new AppError('FOLDER_NAME_TAKEN', 'conflict', `a folder named "${name}" already exists there`, {
    details: { name, parentId },
  });
}

function collectionMismatch(parent: FolderRow, collectionId: string | null): AppError {
  return new AppError(
    'FOLDER_COLLECTION_MISMATCH',
    'user',
    'a folder and its parent must belong to the same collection',
    { details: { parentId: parent.id, parentCollectionId: parent.collection_id, collectionId } },
  );
}
