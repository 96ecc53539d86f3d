/**
 * Restricts a search to some chunks. Every field narrows (AND); a list matches any of its values (OR). Both the
 * lexical and the vector leg apply the same filter inside the index, so a filtered search still returns
 * `limit` hits when that many matching chunks exist.
 */
/**
 * Who may read: documents owned by `ownerId` (when not null) or in one of `collectionIds`. Built by core from
 * the principal (`Access.documentFilter`); every index applies it inside its query.
 */
export interface DocumentAccess {
  ownerId: string | null;
  collectionIds: string[];
}

export interface SearchFilter {
  /** Authorization: what the principal may read. Absent: everything (the operator, admins). */
  access?: DocumentAccess;
  ownerId?: string;
  collectionIds?: string[];
  /** Folder ids, already expanded to their subfolders by the caller. */
  folderIds?: string[];
  documentIds?: string[];
  /** Content types (`application/pdf`) or categories (`document`, `image`, `audio`, `archive`). */
  types?: string[];
  /** Documents carrying any of these tags. */
  tags?: string[];
  /** ISO 639-1 codes. */
  languages?: string[];
  uploadedFrom?: string;
  uploadedTo?: string;
  /** Top-level user metadata key = value (all pairs must match). */
  metadata?: Record<string, string | number | boolean>;
  /** Leave these documents out (similar-document search excludes its source). */
  excludeDocumentIds?: string[];
}

/** A chunk found by one index leg, best first. */
export interface IndexHit {
  chunkId: string;
  documentId: string;
  /** The leg's own score: BM25 (higher is better) or cosine similarity. */
  score: number;
}

/** Where vectors of one embedding model live; a model change fills a new space (blue/green). */
export interface VectorSpace {
  /** e.g. `use-lite@512`. */
  id: string;
  dimensions: number;
}
