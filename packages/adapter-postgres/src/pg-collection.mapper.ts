import type { Collection, CollectionSettings, DirectorySource, Folder, ScanSummary } from '@sift/core';
import { iso, isoOrNull } from './pg-time.js';

/** A row of `collections` with its computed document count. */
export interface CollectionRow {
  id: string;
  owner_id: string;
  name: string;
  description: string | null;
  settings: CollectionSettings;
  embedding_model: string | null;
  embedding_dim: number | null;
  document_count: number;
  created_at: number;
  updated_at: number;
}

/** The select list that yields a CollectionRow. */
export const COLLECTION_COLUMNS = `collections.*,
  (SELECT count(*) FROM documents WHERE documents.collection_id = collections.id) AS document_count`;

export function rowToCollection(row: CollectionRow): Collection {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    description: row.description,
    settings: row.settings,
    embeddingModel: row.embedding_model,
    embeddingDim: row.embedding_dim,
    documentCount: row.document_count,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A row of `folders`. */
export interface FolderRow {
  id: string;
  owner_id: string;
  collection_id: string | null;
  parent_id: string | null;
  name: string;
  path: string;
  created_at: number;
  updated_at: number;
}

export function rowToFolder(row: FolderRow): Folder {
  return {
    id: row.id,
    ownerId: row.owner_id,
    collectionId: row.collection_id,
    parentId: row.parent_id,
    name: row.name,
    path: row.path,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A row of `sources`. */
export interface SourceRow {
  id: string;
  owner_id: string;
  collection_id: string;
  path: string;
  last_scan_at: number | null;
  last_scan: ScanSummary | null;
  created_at: number;
}

export function rowToSource(row: SourceRow): DirectorySource {
  return {
    id: row.id,
    ownerId: row.owner_id,
    collectionId: row.collection_id,
    path: row.path,
    lastScanAt: isoOrNull(row.last_scan_at),
    lastScan: row.last_scan,
    createdAt: iso(row.created_at),
  };
}
