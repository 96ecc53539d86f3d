import { randomUUID } from 'node:crypto';
import { AppError, type Folder, type FolderRepository } from '@sift/core';
import { rowToFolder, type FolderRow } from './pg-collection.mapper.js';
import { mapConstraints } from './pg-constraint.js';
import { withTransaction, type PgClient, type PgPool, type PgQueryable } from './pg-database.js';

const SUBTREE = `WITH RECURSIVE subtree (id, depth) AS (
    SELECT id, 0 FROM folders WHERE id = $1
    UNION ALL
    SELECT f.id, s.depth + 1 FROM folders f JOIN subtree s ON f.parent_id = s.id
  )`;

const SQL = {
  getById: `SELECT * FROM folders WHERE id = $1`,
  // A folder being written, or the parent a folder is created or moved under: a concurrent move of either
  // waits until this transaction commits, so no path is computed from one that is being rewritten.
  lockForUpdate: `SELECT * FROM folders WHERE id = $1 FOR UPDATE`,
  lockForShare: `SELECT * FROM folders WHERE id = $1 FOR SHARE`,
  collectionExists: `SELECT 1 FROM collections WHERE id = $1`,
  insert: `INSERT INTO folders (id, owner_id, collection_id, parent_id, name, path, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
  listAll: `SELECT * FROM folders WHERE owner_id = $1 ORDER BY path, id`,
  listInCollection: `SELECT * FROM folders WHERE owner_id = $1 AND collection_id = $2 ORDER BY path, id`,
  move: `UPDATE folders SET name = $2, parent_id = $3, path = $4, updated_at = $5 WHERE id = $1 RETURNING *`,
  // Characters on both sides: length() and substr() count characters of text.
  rebaseDescendants: `${SUBTREE} UPDATE folders SET path = $2 || substr(path, length($3) + 1)
    WHERE id IN (SELECT id FROM subtree WHERE depth > 0)`,
  subtreeIds: `${SUBTREE} SELECT subtree.id FROM subtree JOIN folders USING (id) ORDER BY depth, path`,
  deleteSubtree: `${SUBTREE} DELETE FROM folders WHERE id IN (SELECT id FROM subtree)`,
} as const;

/**
 * Folders on PostgreSQL, with a materialised `path`. A subfolder belongs to its parent's collection; renames
 * and moves rewrite the paths of the whole subtree in the same transaction, under row locks on the folder and
 * its new parent (see SQL.lockForShare).
 */
export class PgFolderRepository implements FolderRepository {
  constructor(private readonly pool: PgPool) {}

  async create(input: {
    ownerId: string;
    name: string;
    parentId: string | null;
    collectionId: string | null;
  }): Promise<Folder> {
    const name = checkName(input.name);
    const row = await mapConstraints(
      () =>
        withTransaction(this.pool, async (client) => {
          let collectionId = input.collectionId;
          let path = `/${name}`;
          if (input.parentId !== null) {
            const parent = await ownedRow(client, input.parentId, input.ownerId);
            if (collectionId !== null && parent.collection_id !== collectionId) {
              throw collectionMismatch(parent, collectionId);
            }
            collectionId = parent.collection_id;
            path = `${parent.path}/${name}`;
          }
          if (
            collectionId !== null &&
            (await client.query(SQL.collectionExists, [collectionId])).rowCount === 0
          ) {
            throw new AppError(
              'COLLECTION_NOT_FOUND',
              'not_found',
              `collection ${collectionId} does not exist`,
              {
                details: { collectionId },
              },
            );
          }
          const { rows } = await client.query<FolderRow>(SQL.insert, [
            randomUUID(),
            input.ownerId,
            collectionId,
            input.parentId,
            name,
            path,
            Date.now(),
          ]);
          return rows[0]!;
        }),
      {
        unique: () => nameTaken(name, input.parentId),
        foreign_key: () =>
          new AppError('USER_NOT_FOUND', 'not_found', `user ${input.ownerId} does not exist`, {
            details: { ownerId: input.ownerId },
          }),
      },
    );
    return rowToFolder(row);
  }

  async get(id: string): Promise<Folder | null> {
    const { rows } = await this.pool.query<FolderRow>(SQL.getById, [id]);
    return rows[0] ? rowToFolder(rows[0]) : null;
  }

  async list(ownerId: string, options: { collectionId?: string } = {}): Promise<Folder[]> {
    const { rows } =
      options.collectionId === undefined
        ? await this.pool.query<FolderRow>(SQL.listAll, [ownerId])
        : await this.pool.query<FolderRow>(SQL.listInCollection, [ownerId, options.collectionId]);
    return rows.map(rowToFolder);
  }

  async update(id: string, patch: { name?: string; parentId?: string | null }): Promise<Folder | null> {
    const name = patch.name === undefined ? undefined : checkName(patch.name);
    // Where the folder was going, for the error when a sibling there already has its name.
    let target = { name: name ?? '', parentId: patch.parentId ?? null };
    const row = await mapConstraints(
      () =>
        withTransaction(this.pool, async (client): Promise<FolderRow | undefined> => {
          const row = (await client.query<FolderRow>(SQL.lockForUpdate, [id])).rows[0];
          if (!row) return undefined;
          const parentId = patch.parentId === undefined ? row.parent_id : patch.parentId;
          let parentPath = '';
          if (parentId !== null) {
            const parent = await ownedRow(client, parentId, row.owner_id);
            if ((await subtree(client, id)).includes(parentId)) {
              throw new AppError(
                'FOLDER_CYCLE',
                'user',
                'a folder cannot be moved into itself or its subfolders',
                {
                  details: { id, parentId },
                },
              );
            }
            if (parent.collection_id !== row.collection_id)
              throw collectionMismatch(parent, row.collection_id);
            parentPath = parent.path;
          }
          const newName = name ?? row.name;
          const newPath = `${parentPath}/${newName}`;
          target = { name: newName, parentId };
          const moved = await client.query<FolderRow>(SQL.move, [id, newName, parentId, newPath, Date.now()]);
          if (newPath !== row.path) await client.query(SQL.rebaseDescendants, [id, newPath, row.path]);
          return moved.rows[0];
        }),
      { unique: () => nameTaken(target.name, target.parentId) },
    );
    return row ? rowToFolder(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    // Documents in the deleted folders stay, with no folder (ON DELETE SET NULL).
    return ((await this.pool.query(SQL.deleteSubtree, [id])).rowCount ?? 0) > 0;
  }

  async subtreeIds(id: string): Promise<string[]> {
    return subtree(this.pool, id);
  }
}

async function subtree(db: PgQueryable, id: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(SQL.subtreeIds, [id]);
  return rows.map((r) => r.id);
}

/** The folder, locked for share, if it exists and belongs to `ownerId`: another owner's is as good as missing. */
async function ownedRow(client: PgClient, id: string, ownerId: string): Promise<FolderRow> {
  const row = (await client.query<FolderRow>(SQL.lockForShare, [id])).rows[0];
  if (!row || row.owner_id !== ownerId) {
    throw new AppError('FOLDER_NOT_FOUND', 'not_found', `folder ${id} does not exist`, { details: { id } });
  }
  return row;
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
    {
      details: { parentId: parent.id, parentCollectionId: parent.collection_id, collectionId },
    },
  );
}
