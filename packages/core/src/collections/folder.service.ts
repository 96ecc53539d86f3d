import type { Access } from '../auth/access.js';
import { AppError } from '../errors.js';
import type { Folder } from '../ingest/document.types.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';

/** A folder with its subfolders, for tree views. */
export interface FolderNode extends Folder {
  children: FolderNode[];
}

const NAME = /^[^\p{Cc}/\\]{1,255}$/u;

/**
 * Hierarchical folders: create, rename, move, delete, tree. Folders organise one account's documents: each
 * belongs to its creator (admins may reach anyone's by id).
 */
export class FolderService {
  constructor(private readonly metadata: MetadataStore) {}

  async create(
    access: Access,
    input: { name: string; parentId?: string | null; collectionId?: string | null },
  ): Promise<Folder> {
    access.require('write');
    if (input.parentId) await this.get(access, input.parentId);
    const collection = input.collectionId ? await this.metadata.collections.get(input.collectionId) : null;
    if (input.collectionId && (!collection || !access.canReadCollection(collection))) {
      throw new AppError(
        'COLLECTION_NOT_FOUND',
        'not_found',
        `collection ${input.collectionId} does not exist`,
        {
          details: { collectionId: input.collectionId },
        },
      );
    }
    return this.metadata.folders.create({
      ownerId: access.userId,
      name: checkName(input.name),
      parentId: input.parentId ?? null,
      collectionId: input.collectionId ?? null,
    });
  }

  async get(access: Access, id: string): Promise<Folder> {
    const folder = await this.metadata.folders.get(id);
    if (!folder || !access.owns(folder)) throw notFound(id);
    return folder;
  }

  /** The principal's own folders. */
  list(access: Access, collectionId?: string): Promise<Folder[]> {
    return this.metadata.folders.list(access.userId, collectionId ? { collectionId } : {});
  }

  /** Renames and/or moves a folder (parentId null moves it to the root). */
  async update(
    access: Access,
    id: string,
    patch: { name?: string; parentId?: string | null },
  ): Promise<Folder> {
    access.require('write');
    await this.get(access, id);
    if (patch.parentId) await this.get(access, patch.parentId);
    const updated = await this.metadata.folders.update(id, {
      ...(patch.name !== undefined ? { name: checkName(patch.name) } : {}),
      ...(patch.parentId !== undefined ? { parentId: patch.parentId } : {}),
    });
    if (!updated) throw notFound(id);
    return updated;
  }

  async delete(access: Access, id: string): Promise<void> {
    access.require('write');
    await this.get(access, id);
    if (!(await this.metadata.folders.delete(id))) throw notFound(id);
  }

  /** The principal's folders as a forest, siblings sorted by name. */
  async tree(access: Access, collectionId?: string): Promise<FolderNode[]> {
    const folders = await this.list(access, collectionId);
    const nodes = new Map(folders.map((f) => [f.id, { ...f, children: [] as FolderNode[] }]));
    const roots: FolderNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId ? nodes.get(node.parentId) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    const sort = (list: FolderNode[]) => {
      list.sort((a, b) => a.name.localeCompare(b.name));
      list.forEach((n) => sort(n.children));
    };
    sort(roots);
    return roots;
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!NAME.test(trimmed) || trimmed === '.' || trimmed === '..') {
    throw new AppError('FOLDER_NAME_INVALID', 'user', 'a folder name has 1–255 characters and no slashes', {
      details: { name },
    });
  }
  return trimmed;
}

function notFound(id: string): AppError {
  return new AppError('FOLDER_NOT_FOUND', 'not_found', `folder ${id} does not exist`, { details: { id } });
}
