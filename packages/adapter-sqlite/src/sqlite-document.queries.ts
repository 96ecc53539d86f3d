import { AppError, type DocumentFilter } from '@sift/core';
import { afterCursorSql, listOrder, orderBySql, sortKeySql } from './sqlite-document-order.js';
import { DOCUMENT_COLUMNS, DOCUMENT_RETURNING } from './sqlite-document.mapper.js';
import { isoToMs } from './sqlite-time.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

/** A document and its descendants (archive members, attachments, their members …), with their depth. */
const SUBTREE = `WITH RECURSIVE subtree (id, depth) AS (
    SELECT id, 0 FROM documents WHERE id = @id
    UNION ALL
    SELECT d.id, s.depth + 1 FROM documents d JOIN subtree s ON d.parent_document_id = s.id
  )`;

/** The fixed statements of SqliteDocumentRepository. */
export const DOCUMENT_SQL = {
  retainBlob: `INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES (@sha256, @size, 1, @now)
    ON CONFLICT (sha256) DO UPDATE SET ref_count = ref_count + 1`,
  insert: `INSERT INTO documents (id, owner_id, collection_id, folder_id, parent_document_id, source_id,
      source_path, source_mtime_ms, filename, original_filename, content_type, category, size, sha256, status,
      metadata, tags, uploaded_at, created_at, updated_at)
    VALUES (@id, @ownerId, @collectionId, @folderId, @parentDocumentId, @sourceId, @sourcePath, @sourceMtimeMs,
      @filename, @originalFilename, @contentType, @category, @size, @sha256, @status, @metadata, @tags,
      @now, @now, @now)
    ${DOCUMENT_RETURNING}`,
  getById: `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`,
  // The ids as one JSON array: any number of them, whatever SQLite's cap on bound parameters.
  getByIds: `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id IN (SELECT value FROM json_each(?))`,
  exists: `SELECT 1 FROM documents WHERE id = ?`,
  // The oldest document with these bytes is the one a duplicate upload is pointed at.
  findBySha: `SELECT ${DOCUMENT_COLUMNS} FROM documents
    WHERE owner_id = @ownerId AND collection_id IS @collectionId AND sha256 = @sha256
      AND parent_document_id IS NULL
    ORDER BY uploaded_at, seq LIMIT 1`,
  findChild: `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE parent_document_id = ? AND source_path = ?`,
  subtree: `${SUBTREE} SELECT ${DOCUMENT_COLUMNS} FROM subtree JOIN documents USING (id) ORDER BY depth, seq`,
  deleteSubtree: `${SUBTREE} DELETE FROM documents WHERE id IN (SELECT id FROM subtree)`,
  // Several deleted documents may share one blob: release them all at once. A row stays at 0 references.
  releaseBlob: `UPDATE blobs SET ref_count = max(0, ref_count - @count) WHERE sha256 = @sha256
    RETURNING ref_count`,

  upsertText: `INSERT INTO document_texts (document_id, text, blocks, pages, extractor_name, extractor_version,
      created_at)
    VALUES (@documentId, @text, @blocks, @pages, @extractorName, @extractorVersion, @now)
    ON CONFLICT (document_id) DO UPDATE SET text = excluded.text, blocks = excluded.blocks,
      pages = excluded.pages, extractor_name = excluded.extractor_name,
      extractor_version = excluded.extractor_version, created_at = excluded.created_at`,
  getText: `SELECT * FROM document_texts WHERE document_id = ?`,
  deleteChunks: `DELETE FROM document_chunks WHERE document_id = ?`,
  insertChunk: `INSERT INTO document_chunks (id, document_id, chunk_index, content, start_char, end_char,
      page_from, page_to, heading_path, time_start_ms, time_end_ms, token_count, confidence, origin,
      content_sha256, created_at)
    VALUES (@id, @documentId, @index, @content, @startChar, @endChar, @pageFrom, @pageTo, @headingPath,
      @timeStartMs, @timeEndMs, @tokenCount, @confidence, @origin, @contentSha256, @now)`,
  // LIMIT -1 is SQLite for "no limit".
  listChunks: `SELECT * FROM document_chunks WHERE document_id = @documentId ORDER BY chunk_index
    LIMIT @limit OFFSET @offset`,
  getChunk: `SELECT * FROM document_chunks WHERE id = ?`,
  getChunks: `SELECT * FROM document_chunks WHERE id IN (SELECT value FROM json_each(?))`,
} as const;

/**
 * The SELECT of one page of `list`: every filter field, in the filter's order with the rowid breaking ties
 * (keyset paging from the cursor, see sqlite-document-order.ts), and one row past the page, which tells
 * whether another page exists. Array filters go in as one JSON parameter (json_each), so no list of ids can
 * reach SQLite's cap on bound parameters.
 */
export function documentListQuery(filter: DocumentFilter): { sql: string; params: unknown[]; limit: number } {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE)));
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, ...values: unknown[]) => {
    where.push(condition);
    params.push(...values);
  };
  const inJson = (values: readonly string[]) => JSON.stringify(values);

  if (filter.access) {
    const collections = inJson(filter.access.collectionIds);
    if (filter.access.ownerId === null) add('collection_id IN (SELECT value FROM json_each(?))', collections);
    else
      add(
        '(owner_id = ? OR collection_id IN (SELECT value FROM json_each(?)))',
        filter.access.ownerId,
        collections,
      );
  }
  if (filter.ownerId !== undefined) add('owner_id = ?', filter.ownerId);
  if (filter.status?.length) add('status IN (SELECT value FROM json_each(?))', inJson(filter.status));
  if (filter.type?.length) {
    add(
      '(content_type IN (SELECT value FROM json_each(?)) OR category IN (SELECT value FROM json_each(?)))',
      inJson(filter.type),
      inJson(filter.type),
    );
  }
  if (filter.collectionId !== undefined) add('collection_id = ?', filter.collectionId);
  if (filter.folderIds?.length)
    add('folder_id IN (SELECT value FROM json_each(?))', inJson(filter.folderIds));
  if (filter.tag !== undefined)
    add('EXISTS (SELECT 1 FROM json_each(documents.tags) WHERE value = ?)', filter.tag);
  if (filter.sourceId !== undefined) add('source_id = ?', filter.sourceId);
  if (filter.parentDocumentId !== undefined) add('parent_document_id = ?', filter.parentDocumentId);
  // Unary + keeps SQLite off documents_parent_idx here: without ANALYZE statistics it takes "IS NULL" for
  // selective, reads nearly every row through that index and sorts them all, instead of walking the sort's index.
  if (filter.topLevelOnly) add('+parent_document_id IS NULL');
  if (filter.languages?.length) add('language IN (SELECT value FROM json_each(?))', inJson(filter.languages));
  if (filter.uploadedFrom !== undefined)
    add('uploaded_at >= ?', filterTime('uploadedFrom', filter.uploadedFrom));
  if (filter.uploadedTo !== undefined) add('uploaded_at <= ?', filterTime('uploadedTo', filter.uploadedTo));
  const { sort, order } = listOrder(filter);
  if (filter.cursor) {
    const after = afterCursorSql(sort, order, filter.cursor);
    add(after.sql, ...after.params);
  }
  const conditions = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return {
    sql: `SELECT ${DOCUMENT_COLUMNS}, ${sortKeySql(sort)} FROM documents ${conditions}
      ORDER BY ${orderBySql(sort, order)} LIMIT ?`,
    params: [...params, limit + 1],
    limit,
  };
}

function filterTime(field: 'uploadedFrom' | 'uploadedTo', value: string): number {
  return isoToMs(
    value,
    () =>
      new AppError('DOCUMENT_FILTER_INVALID', 'user', `${field} is not an ISO-8601 timestamp: ${value}`, {
        details: { field, value },
      }),
  );
}
