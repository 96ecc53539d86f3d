import type { DocumentAccess } from '../search/search.types.js';
import type { ChunkDraft, ChunkingSettings } from '../chunking/chunking.types.js';
import type { DocumentSort, SortOrder } from './document-sort.js';
import type { FileCategory, PageSpan, TextBlock } from './extraction.types.js';

export type DocumentStatus = 'uploaded' | 'queued' | 'processing' | 'processed' | 'failed';

/** A stored document (an upload, a file of a watched folder, or a member of an archive/e-mail). */
export interface DocumentRecord {
  id: string;
  ownerId: string;
  collectionId: string | null;
  folderId: string | null;
  /** Set for archive members and e-mail attachments. */
  parentDocumentId: string | null;
  /** Directory source the file came from, if any. */
  sourceId: string | null;
  /** Path inside the parent archive, or relative to the directory source. */
  sourcePath: string | null;
  /** Modification time of the source file when it was ingested (directory sources). */
  sourceMtimeMs: number | null;
  /** Safe display name (no directories). */
  filename: string;
  /** The name as uploaded. */
  originalFilename: string;
  contentType: string;
  category: FileCategory;
  size: number;
  sha256: string;
  status: DocumentStatus;
  /** Current pipeline stage while processing: extract, chunk, embed, index. */
  stage: string | null;
  progress: number;
  errorCode: string | null;
  errorMessage: string | null;
  metadata: Record<string, unknown>;
  tags: string[];
  title: string | null;
  language: string | null;
  chunkCount: number;
  processingMs: number | null;
  taskId: string | null;
  uploadedAt: string;
  processedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewDocument = Pick<
  DocumentRecord,
  | 'ownerId'
  | 'collectionId'
  | 'folderId'
  | 'parentDocumentId'
  | 'sourceId'
  | 'sourcePath'
  | 'sourceMtimeMs'
  | 'filename'
  | 'originalFilename'
  | 'contentType'
  | 'category'
  | 'size'
  | 'sha256'
  | 'status'
  | 'metadata'
  | 'tags'
> & { id?: string };

/** Fields a pipeline stage or a user may change. */
export type DocumentPatch = Partial<
  Pick<
    DocumentRecord,
    | 'status'
    | 'stage'
    | 'progress'
    | 'errorCode'
    | 'errorMessage'
    | 'metadata'
    | 'tags'
    | 'title'
    | 'language'
    | 'processingMs'
    | 'processedAt'
    | 'taskId'
    | 'collectionId'
    | 'folderId'
    | 'sourceMtimeMs'
  >
>;

/** A stored chunk. */
export interface ChunkRecord extends Omit<ChunkDraft, never> {
  id: string;
  documentId: string;
  contentSha256: string;
}

/** The extracted text of a document with its structure, kept for `/text`, previews and re-chunking. */
export interface DocumentText {
  documentId: string;
  text: string;
  blocks: TextBlock[];
  pages: PageSpan[];
  extractor: { name: string; version: string };
}

export interface DocumentFilter {
  /** Authorization: only documents the principal may read (see Access.documentFilter). */
  access?: DocumentAccess;
  ownerId?: string;
  status?: DocumentStatus[];
  /** Content types or categories (`application/pdf`, `image`). */
  type?: string[];
  collectionId?: string;
  /** Folder ids; the service expands a folder to its subfolders. */
  folderIds?: string[];
  tag?: string;
  sourceId?: string;
  parentDocumentId?: string;
  /** Only top-level documents (no archive members). */
  topLevelOnly?: boolean;
  /** Detected or declared languages (`en`, `de`); a document matches any of them. */
  languages?: string[];
  uploadedFrom?: string;
  uploadedTo?: string;
  /** What the listing is ordered by (default `uploaded_at`); see DOCUMENT_SORTS. */
  sort?: DocumentSort;
  /** Default: `defaultSortOrder(sort)`. */
  order?: SortOrder;
  limit?: number;
  /** From the previous page of the same sort and order; another sort's cursor is refused (INVALID_CURSOR). */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Per-collection settings, stored as JSON. */
export interface CollectionSettings {
  chunking: ChunkingSettings;
  /** OCR languages for scans and images (tesseract codes). */
  ocrLanguages: string[];
}

export interface Collection {
  id: string;
  ownerId: string;
  name: string;
  description: string | null;
  settings: CollectionSettings;
  embeddingModel: string | null;
  embeddingDim: number | null;
  documentCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Folder {
  id: string;
  ownerId: string;
  collectionId: string | null;
  parentId: string | null;
  name: string;
  /** `/` joined names from the root, e.g. `/contracts/2024`. */
  path: string;
  createdAt: string;
  updatedAt: string;
}

/** A directory on the server's file system that Sift keeps in sync with a collection. */
export interface DirectorySource {
  id: string;
  ownerId: string;
  collectionId: string;
  path: string;
  lastScanAt: string | null;
  lastScan: ScanSummary | null;
  createdAt: string;
}

export interface ScanSummary {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  failed: number;
}
