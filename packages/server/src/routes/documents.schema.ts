import { DOCUMENT_SORTS, type ChunkRecord, type DocumentRecord, type DocumentText } from '@sift/core';
import { z } from 'zod';
import { redactServerPaths } from '../redact-paths.js';
import { OriginSchema } from './search.schema.js';
import { TaskSchema } from './tasks.schema.js';

const timestamp = z.iso.datetime({ offset: true });
const STATUSES = ['uploaded', 'queued', 'processing', 'processed', 'failed'] as const;
const CATEGORIES = ['document', 'image', 'audio', 'archive'] as const;

/** A document as the API shows it. */
export const DocumentSchema = z
  .object({
    id: z.string(),
    owner_id: z.string(),
    collection_id: z.string().nullable(),
    folder_id: z.string().nullable(),
    parent_document_id: z.string().nullable().describe('Set for archive members and e-mail attachments'),
    source_id: z.string().nullable(),
    source_path: z.string().nullable(),
    filename: z.string(),
    original_filename: z.string(),
    content_type: z.string(),
    category: z.enum(CATEGORIES),
    size: z.number().int(),
    sha256: z.string(),
    status: z.enum(STATUSES),
    stage: z.string().nullable().describe('extract, chunk, index while processing'),
    progress: z.number().min(0).max(1),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    warnings: z
      .array(z.object({ code: z.string(), message: z.string() }))
      .describe(
        'What processing noticed without failing: `EMPTY_TEXT` (no words: a photo, silence, a scan OCR ' +
          'could not read), `DOCUMENT_UNREADABLE` (garbage text in a container whose members were kept), ' +
          '`EXTRACTION_WARNING` (a page, member or stream that could not be read)',
      ),
    metadata: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()),
    title: z.string().nullable(),
    language: z.string().nullable(),
    chunk_count: z.number().int(),
    processing_ms: z.number().nullable(),
    task_id: z.string().nullable(),
    uploaded_at: timestamp,
    processed_at: timestamp.nullable(),
    updated_at: timestamp,
  })
  .meta({ id: 'Document' });

export function toDocumentResponse(d: DocumentRecord): z.infer<typeof DocumentSchema> {
  return {
    id: d.id,
    owner_id: d.ownerId,
    collection_id: d.collectionId,
    folder_id: d.folderId,
    parent_document_id: d.parentDocumentId,
    source_id: d.sourceId,
    source_path: d.sourcePath,
    filename: d.filename,
    original_filename: d.originalFilename,
    content_type: d.contentType,
    category: d.category,
    size: d.size,
    sha256: d.sha256,
    status: d.status,
    stage: d.stage,
    progress: d.progress,
    // The message was written for the operator and may name server paths.
    error: d.errorCode ? { code: d.errorCode, message: redactServerPaths(d.errorMessage ?? '') } : null,
    warnings: warningsOf(d),
    metadata: d.metadata,
    tags: d.tags,
    title: d.title,
    language: d.language,
    chunk_count: d.chunkCount,
    processing_ms: d.processingMs,
    task_id: d.taskId,
    uploaded_at: d.uploadedAt,
    processed_at: d.processedAt,
    updated_at: d.updatedAt,
  };
}

/** One file's outcome in an upload. */
export const UploadItemSchema = z.union([
  z.object({
    filename: z.string(),
    document_id: z.string(),
    task_id: z.string().nullable(),
    status: z.enum(STATUSES),
    duplicate: z
      .boolean()
      .describe('The same bytes already exist in this collection; nothing was reprocessed'),
    document: DocumentSchema,
  }),
  z.object({
    filename: z.string(),
    error: z.object({ code: z.string(), message: z.string(), status: z.number().int() }),
  }),
]);

export const UploadResponseSchema = z.object({ items: z.array(UploadItemSchema) });

export const DocumentParamsSchema = z.object({ id: z.string().min(1).max(200) });

const csv = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .optional();

export const ListDocumentsQuerySchema = z.object({
  status: csv.pipe(z.array(z.enum(STATUSES)).optional()).describe(`Comma-separated: ${STATUSES.join(', ')}`),
  type: csv.describe('Comma-separated content types or categories (document, image, audio, archive)'),
  collection_id: z.string().optional(),
  folder_id: z.string().optional().describe('Includes subfolders'),
  tag: z.string().optional(),
  source_id: z.string().optional(),
  parent_id: z.string().optional().describe('Members of this archive / attachments of this e-mail'),
  top_level: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Only uploads, not archive members'),
  language: csv
    .pipe(
      z
        .array(z.string().regex(/^[a-z]{2,3}$/i))
        .max(50)
        .optional(),
    )
    .describe('Comma-separated ISO 639 codes (en, de) of the detected or declared language; any of them'),
  uploaded_from: timestamp.optional(),
  uploaded_to: timestamp.optional(),
  sort: z
    .enum(DOCUMENT_SORTS)
    .default('uploaded_at')
    .describe(
      '`name` is the title, else the filename, case-insensitive; `type` the content type; documents not ' +
        'processed yet have no `processed_at` and sort as the lowest. Ties keep upload order.',
    ),
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .describe('Default: `asc` for name, status and type, `desc` (newest, largest first) for the others'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    .max(1000)
    .optional()
    .describe('`next_cursor` of the previous page, with the same sort and order (else 400 `INVALID_CURSOR`)'),
});

export const DocumentPageSchema = z.object({
  items: z.array(DocumentSchema),
  next_cursor: z.string().nullable(),
});

export const DocumentPatchSchema = z
  .object({
    // The limits (count, length) are the domain's, refused with their own codes (TAGS_TOO_MANY,
    // TAG_TOO_LONG) on every path that sets tags, uploads included.
    tags: z.array(z.string()).optional().describe('Replaces the tags; at most 100 of 100 characters each'),
    collection_id: z.string().nullable().optional(),
    folder_id: z.string().nullable().optional(),
    metadata: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Replaces the user metadata; at most 64 KB as JSON, nested at most 10 levels'),
  })
  .strict();

export const DocumentTextSchema = z.object({
  document_id: z.string(),
  text: z.string(),
  blocks: z.array(z.record(z.string(), z.unknown())),
  pages: z.array(
    z.object({ number: z.number(), start: z.number(), end: z.number(), source: z.string().optional() }),
  ),
  extractor: z.object({ name: z.string(), version: z.string() }),
});

export function toTextResponse(t: DocumentText): z.infer<typeof DocumentTextSchema> {
  return {
    document_id: t.documentId,
    text: t.text,
    blocks: t.blocks as unknown as Record<string, unknown>[],
    pages: t.pages,
    extractor: t.extractor,
  };
}

export const ChunkSchema = z
  .object({
    id: z.string(),
    document_id: z.string(),
    index: z.number().int(),
    content: z.string(),
    start_char: z.number().int(),
    end_char: z.number().int(),
    page_from: z.number().int().nullable(),
    page_to: z.number().int().nullable(),
    heading_path: z.array(z.string()),
    origin: OriginSchema,
    time_start_ms: z.number().nullable(),
    time_end_ms: z.number().nullable(),
    token_count: z.number().int(),
    confidence: z.number().nullable(),
  })
  .meta({ id: 'Chunk' });

export function toChunkResponse(c: ChunkRecord): z.infer<typeof ChunkSchema> {
  return {
    id: c.id,
    document_id: c.documentId,
    index: c.index,
    content: c.content,
    start_char: c.startChar,
    end_char: c.endChar,
    page_from: c.pageFrom,
    page_to: c.pageTo,
    heading_path: c.headingPath,
    origin: c.origin,
    time_start_ms: c.timeStartMs,
    time_end_ms: c.timeEndMs,
    token_count: c.tokenCount,
    confidence: c.confidence,
  };
}

export const ChunksQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const ReprocessResponseSchema = z.object({ document: DocumentSchema, task: TaskSchema });

/** The warnings processing recorded under `metadata.extracted.warnings` (older rows hold plain strings). */
function warningsOf(d: DocumentRecord): { code: string; message: string }[] {
  const extracted = d.metadata.extracted as { warnings?: unknown } | undefined;
  if (!Array.isArray(extracted?.warnings)) return [];
  return extracted.warnings.map((w: unknown) =>
    typeof w === 'string'
      ? { code: 'EXTRACTION_WARNING', message: redactServerPaths(w) }
      : {
          code: String((w as { code?: unknown }).code ?? 'EXTRACTION_WARNING'),
          message: redactServerPaths(String((w as { message?: unknown }).message ?? '')),
        },
  );
}
