import type {
  Collection,
  CollectionSettings,
  DirectorySource,
  Folder,
  ScanSummary,
} from '../ingest/document.types.js';

/** Collections with their settings. Names are unique per owner (`COLLECTION_NAME_TAKEN`, conflict). */
export interface CollectionRepository {
  create(input: {
    ownerId: string;
    name: string;
    description?: string | null;
    settings: CollectionSettings;
  }): Promise<Collection>;
  get(id: string): Promise<Collection | null>;
  getByName(ownerId: string, name: string): Promise<Collection | null>;
  list(ownerId: string): Promise<Collection[]>;
  /** Every collection (admins). */
  listAll(): Promise<Collection[]>;
  /** These collections, by name. */
  listByIds(ids: readonly string[]): Promise<Collection[]>;
  /** Ids of the collections an account owns (cheap: no document counts). */
  ownedIds(ownerId: string): Promise<string[]>;
  update(
    id: string,
    patch: Partial<Pick<Collection, 'name' | 'description' | 'settings' | 'embeddingModel' | 'embeddingDim'>>,
  ): Promise<Collection | null>;
  /** Documents of a deleted collection are kept, with no collection. */
  delete(id: string): Promise<boolean>;
}

/**
 * Hierarchical folders. Names are unique among siblings (`FOLDER_NAME_TAKEN`, conflict); moving a folder
 * under itself or a descendant is refused (`FOLDER_CYCLE`, user). `path` is kept current for the subtree.
 */
export interface FolderRepository {
  /**
   * A subfolder belongs to its parent's collection: `collectionId` null takes the parent's, another one is
   * refused (`FOLDER_COLLECTION_MISMATCH`, user). A missing parent is `FOLDER_NOT_FOUND` (not_found).
   */
  create(input: {
    ownerId: string;
    name: string;
    parentId: string | null;
    collectionId: string | null;
  }): Promise<Folder>;
  get(id: string): Promise<Folder | null>;
  list(ownerId: string, options?: { collectionId?: string }): Promise<Folder[]>;
  /** Rename and/or move (parentId null = to the root); a move into another collection is refused. */
  update(id: string, patch: { name?: string; parentId?: string | null }): Promise<Folder | null>;
  /** Deletes the folder and its subfolders; their documents stay, with no folder. */
  delete(id: string): Promise<boolean>;
  /** The folder and all its descendants' ids. */
  subtreeIds(id: string): Promise<string[]>;
}

/** Directory sources kept in sync with a collection. */
export interface SourceRepository {
  create(input: { ownerId: string; collectionId: string; path: string }): Promise<DirectorySource>;
  get(id: string): Promise<DirectorySource | null>;
  findByPath(collectionId: string, path: string): Promise<DirectorySource | null>;
  list(collectionId?: string): Promise<DirectorySource[]>;
  recordScan(id: string, summary: ScanSummary): Promise<void>;
  delete(id: string): Promise<boolean>;
}
