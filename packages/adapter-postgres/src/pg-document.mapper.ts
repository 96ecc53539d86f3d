import {
  AppError,
  type ChunkRecord,
  type DocumentPatch,
  type DocumentRecord,
  type DocumentStatus,
  type DocumentText,
  type FileCategory,
  type PageSpan,
  type SecondaryBlockKind,
  type TextBlock,
} from '@sift/core';
import { iso, isoOrNull, isoToMs } from './pg-time.js';

/** A row of `documents` (jsonb arrives parsed, bigint as a number: pg-database.ts). */
export interface DocumentRow {
  seq: number;
  id: string;
  owner_id: string;
  collection_id: string | null;
  folder_id: string | null;
  parent_document_id: string | null;
  source_id: string | null;
  source_path: string | null;
  source_mtime_ms: number | null;
  filename: string;
  original_filename: string;
  content_type: string;
  category: FileCategory;
  size: number;
  sha256: string;
  status: DocumentStatus;
  stage: string | null;
  progress: number;
  error_code: string | null;
  error_message: string | null;
  metadata: Record<string, unknown>;
  tags: string[];
  title: string | null;
  language: string | null;
  chunk_count: number;
  processing_ms: number | null;
  task_id: string | null;
  uploaded_at: number;
  processed_at: number | null;
  created_at: number;
  updated_at: number;
}

export function rowToDocument(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    collectionId: row.collection_id,
    folderId: row.folder_id,
    parentDocumentId: row.parent_document_id,
    sourceId: row.source_id,
    sourcePath: row.source_path,
    sourceMtimeMs: row.source_mtime_ms,
    filename: row.filename,
    originalFilename: row.original_filename,
    contentType: row.content_type,
    category: row.category,
    size: row.size,
    sha256: row.sha256,
    status: row.status,
    stage: row.stage,
    progress: row.progress,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    metadata: row.metadata,
    tags: row.tags,
    title: row.title,
    language: row.language,
    chunkCount: row.chunk_count,
    processingMs: row.processing_ms,
    taskId: row.task_id,
    uploadedAt: iso(row.uploaded_at),
    processedAt: isoOrNull(row.processed_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** jsonb parameters go in as JSON text: `pg` would send a JS array as a PostgreSQL array literal. */
const json = (v: unknown) => JSON.stringify(v);

/** Each patchable field and how it is stored. */
const PATCH_COLUMNS: {
  [K in keyof Required<DocumentPatch>]: [column: string, toSql: (v: DocumentPatch[K]) => unknown];
} = {
  status: ['status', (v) => v],
  stage: ['stage', (v) => v],
  progress: ['progress', (v) => v],
  errorCode: ['error_code', (v) => v],
  errorMessage: ['error_message', (v) => v],
  metadata: ['metadata', json],
  tags: ['tags', json],
  title: ['title', (v) => v],
  language: ['language', (v) => v],
  processingMs: ['processing_ms', (v) => v],
  processedAt: ['processed_at', (v) => (v == null ? null : isoToMs(v, () => invalid(`processedAt ${v}`)))],
  taskId: ['task_id', (v) => v],
  collectionId: ['collection_id', (v) => v],
  folderId: ['folder_id', (v) => v],
  sourceMtimeMs: ['source_mtime_ms', (v) => v],
};

/**
 * `SET` assignments for the fields a patch holds (`undefined` means "keep"), their values appended to
 * `params` as positional parameters; `updated_at` is always set, to `now`.
 */
export function patchAssignments(patch: DocumentPatch, now: number, params: unknown[]): string {
  params.push(now);
  const sets = [`updated_at = $${params.length}`];
  for (const key of Object.keys(PATCH_COLUMNS) as (keyof DocumentPatch)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    const [column, toSql] = PATCH_COLUMNS[key] as [string, (v: unknown) => unknown];
    params.push(toSql(value));
    sets.push(`${column} = $${params.length}`);
  }
  return sets.join(', ');
}

/** A row of `document_chunks`. */
export interface ChunkRow {
  seq: number;
  id: string;
  document_id: string;
  chunk_index: number;
  content: string;
  start_char: number | null;
  end_char: number | null;
  page_from: number | null;
  page_to: number | null;
  heading_path: string[];
  time_start_ms: number | null;
  time_end_ms: number | null;
  token_count: number;
  confidence: number | null;
  origin: string | null;
  content_sha256: string;
}

export function rowToChunk(row: ChunkRow): ChunkRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    index: row.chunk_index,
    content: row.content,
    // Nullable only for rows copied from an embedded store that predate offsets; every write sets them.
    startChar: row.start_char ?? 0,
    endChar: row.end_char ?? row.content.length,
    pageFrom: row.page_from,
    pageTo: row.page_to,
    headingPath: row.heading_path,
    timeStartMs: row.time_start_ms,
    timeEndMs: row.time_end_ms,
    tokenCount: row.token_count,
    confidence: row.confidence,
    origin: row.origin as SecondaryBlockKind | null,
    contentSha256: row.content_sha256,
  };
}

/** A row of `document_texts`. */
export interface TextRow {
  document_id: string;
  text: string;
  blocks: TextBlock[];
  pages: PageSpan[];
  extractor_name: string;
  extractor_version: string;
}

export function rowToText(row: TextRow): DocumentText {
  return {
    documentId: row.document_id,
    text: row.text,
    blocks: row.blocks,
    pages: row.pages,
    extractor: { name: row.extractor_name, version: row.extractor_version },
  };
}

/** A value the documents table refuses. */
export function invalid(reason: string): AppError {
  return new AppError('DOCUMENT_INVALID', 'user', `the document is invalid: ${reason}`, {
    details: { reason },
  });
}
