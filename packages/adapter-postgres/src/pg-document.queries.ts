import { AppError, type DocumentFilter } from '@sift/core';
import { afterCursorSql, listOrder, orderBySql, sortKeySql } from './pg-document-order.js';
import { isoToMs } from './pg-time.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

/** A document and its descendants (archive members, attachments, their members …), with their depth. */
const SUBTREE = `WITH RECURSIVE subtree (id, depth) AS (
    SELECT id, 0 FROM documents WHERE id = $1
    UNION ALL
    SELECT d.id, s.depth + 1 FROM documents d JOIN subtree s ON d.parent_document_id = s.id
  )`;

/** The fixed statements of PgDocumentRepository. */
export const DOCUMENT_SQL = {
  retainBlob: `INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES ($1, $2, 1, $3)
    ON CONFLICT (sha256) DO UPDATE SET ref_count = blobs.ref_count + 1`,
  insert: `INSERT INTO documents (id, owner_id, collection_id, folder_id, parent_document_id, source_id,
      source_path, source_mtime_ms, filename, original_filename, content_type, category, size, sha256, status,
      metadata, tags, uploaded_at, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $18)
    RETURNING *`,
  getById: `SELECT * FROM documents WHERE id = $1`,
  getByIds: `SELECT * FROM documents WHERE id = ANY($1::text[])`,
  // Taken before anything of the document is rewritten: concurrent saves and deletes of one document queue.
  lock: `SELECT title, language FROM documents WHERE id = $1 FOR UPDATE`,
  // The oldest document with these bytes is the one a duplicate upload is pointed at.
  findBySha: `SELECT * FROM documents
    WHERE owner_id = $1 AND collection_id IS NOT DISTINCT FROM $2 AND sha256 = $3 AND parent_document_id IS NULL
    ORDER BY uploaded_at, seq LIMIT 1`,
  findChild: `SELECT * FROM documents WHERE parent_document_id = $1 AND source_path = $2`,
  lockSubtree: `${SUBTREE} SELECT d.* FROM subtree JOIN documents d USING (id) ORDER BY depth, d.seq FOR UPDATE OF d`,
  deleteDocuments: `DELETE FROM documents WHERE id = ANY($1::text[])`,
  // Several deleted documents may share one blob: release them all at once. A row stays at 0 references.
  releaseBlob: `UPDATE blobs SET ref_count = greatest(0, ref_count - $2) WHERE sha256 = $1 RETURNING ref_count`,

  upsertText: `INSERT INTO document_texts (document_id, text, blocks, pages, extractor_name, extractor_version,
      created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (document_id) DO UPDATE SET text = excluded.text, blocks = excluded.blocks,
      pages = excluded.pages, extractor_name = excluded.extractor_name,
      extractor_version = excluded.extractor_version, created_at = excluded.created_at`,
  getText: `SELECT * FROM document_texts WHERE document_id = $1`,
  chunkIds: `SELECT id FROM document_chunks WHERE document_id = ANY($1::text[]) ORDER BY seq`,
  deleteChunks: `DELETE FROM document_chunks WHERE document_id = $1`,
  // One statement for all chunks of a document: one round trip instead of one per chunk.
  insertChunks: `INSERT INTO document_chunks (id, document_id, chunk_index, content, start_char, end_char,
      page_from, page_to, heading_path, time_start_ms, time_end_ms, token_count, confidence, origin,
      content_sha256, created_at)
    SELECT id, $1, chunk_index, content, start_char, end_char, page_from, page_to, heading_path::jsonb,
      time_start_ms, time_end_ms, token_count, confidence, origin, content_sha256, $2
    FROM unnest($3::text[], $4::int[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[], $10::text[],
      $11::bigint[], $12::bigint[], $13::int[], $14::float8[], $15::text[], $16::text[])
      AS c (id, chunk_index, content, start_char, end_char, page_from, page_to, heading_path, time_start_ms,
        time_end_ms, token_count, confidence, origin, content_sha256)
    RETURNING seq, id, chunk_index`,
  // LIMIT NULL is no limit.
  listChunks: `SELECT * FROM document_chunks WHERE document_id = $1 ORDER BY chunk_index LIMIT $2 OFFSET $3`,
  getChunk: `SELECT * FROM document_chunks WHERE id = $1`,
  getChunks: `SELECT * FROM document_chunks WHERE id = ANY($1::text[])`,
  // What the lexical index reads of a document's chunks (pg-lexical-rows.ts), after a title or language change.
  lexicalRows: `SELECT c.id AS "chunkId", c.document_id AS "documentId", d.title, c.heading_path AS "headingPath",
      c.content, d.language
    FROM document_chunks c JOIN documents d ON d.id = c.document_id WHERE c.document_id = $1 ORDER BY c.seq`,
} as const;

/**
 * The SELECT of one page of `list`: every filter field, in the filter's order with `seq` breaking ties (keyset
 * paging from the cursor, see pg-document-order.ts), and one row past the page, which tells whether another
 * page exists. Lists go in as one array parameter each (`= ANY($n)`), whatever their length.
 */
export function documentListQuery(filter: DocumentFilter): { sql: string; params: unknown[]; limit: number } {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE)));
  const where: string[] = [];
  const params: unknown[] = [];
  /** Appends the values and returns their placeholders, to be spliced into the condition. */
  const $ = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };

  if (filter.access) {
    const collections = $(filter.access.collectionIds);
    if (filter.access.ownerId === null) where.push(`collection_id = ANY(${collections}::text[])`);
    else
      where.push(`(owner_id = ${$(filter.access.ownerId)} OR collection_id = ANY(${collections}::text[]))`);
  }
  if (filter.ownerId !== undefined) where.push(`owner_id = ${$(filter.ownerId)}`);
  if (filter.status?.length) where.push(`status = ANY(${$(filter.status)}::text[])`);
  if (filter.type?.length) {
    const types = $(filter.type);
    where.push(`(content_type = ANY(${types}::text[]) OR category = ANY(${types}::text[]))`);
  }
  if (filter.collectionId !== undefined) where.push(`collection_id = ${$(filter.collectionId)}`);
  if (filter.folderIds?.length) where.push(`folder_id = ANY(${$(filter.folderIds)}::text[])`);
  // jsonb `?`: the array holds this string as an element.
  if (filter.tag !== undefined) where.push(`tags ? ${$(filter.tag)}::text`);
  if (filter.sourceId !== undefined) where.push(`source_id = ${$(filter.sourceId)}`);
  if (filter.parentDocumentId !== undefined) where.push(`parent_document_id = ${$(filter.parentDocumentId)}`);
  if (filter.topLevelOnly) where.push('parent_document_id IS NULL');
  if (filter.languages?.length) where.push(`language = ANY(${$(filter.languages)}::text[])`);
  if (filter.uploadedFrom !== undefined)
    where.push(`uploaded_at >= ${$(filterTime('uploadedFrom', filter.uploadedFrom))}`);
  if (filter.uploadedTo !== undefined)
    where.push(`uploaded_at <= ${$(filterTime('uploadedTo', filter.uploadedTo))}`);
  const { sort, order } = listOrder(filter);
  if (filter.cursor) {
    const after = afterCursorSql(sort, order, filter.cursor, params.length + 1);
    where.push(after.sql);
    params.push(...after.params);
  }
  const conditions = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return {
    sql: `SELECT documents.*, ${sortKeySql(sort)} FROM documents ${conditions}
      ORDER BY ${orderBySql(sort, order)} LIMIT ${$(limit + 1)}`,
    params,
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
