import type { SearchHit, SearchResponse, SearchScopeInput, SimilarDocument } from '@sift/core';
import { z } from 'zod';
import { redactServerPaths } from '../redact-paths.js';

const timestamp = z.iso.datetime({ offset: true });

/** Filters of a search (and of a chat scope): every field narrows, list values match any. */
export const SearchFiltersSchema = z
  .object({
    collections: z.array(z.string().min(1)).max(100).optional().describe('Collection ids or names'),
    folders: z.array(z.string().min(1)).max(100).optional().describe('Folder ids (subfolders included)'),
    documents: z.array(z.string().min(1)).max(1000).optional(),
    types: z
      .array(z.string().min(1))
      .max(50)
      .optional()
      .describe('Content types (application/pdf) or categories (document, image, audio, archive)'),
    tags: z.array(z.string().min(1)).max(100).optional(),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/))
      .max(50)
      .optional(),
    uploaded_from: timestamp.optional(),
    uploaded_to: timestamp.optional(),
    metadata: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('User metadata key = value; all must match'),
  })
  .strict();

export type SearchFiltersBody = z.infer<typeof SearchFiltersSchema>;

export const SearchBodySchema = z
  .object({
    query: z.string().min(1).max(4000),
    mode: z.enum(['lexical', 'semantic', 'hybrid']).default('hybrid'),
    filters: SearchFiltersSchema.default({}),
    limit: z.number().int().min(1).max(200).default(10),
    offset: z.number().int().min(0).max(10_000).default(0),
    fusion: z
      .enum(['rrf', 'relative'])
      .optional()
      .describe(
        'Hybrid fusion: reciprocal rank fusion (k=60) or relative (normalised scores); default SIFT_HYBRID_FUSION',
      ),
    alpha: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'Weight of the vector leg in relative fusion (0 lexical … 1 vector); implies fusion relative',
      ),
    rerank: z
      .union([z.boolean(), z.enum(['none', 'mmr', 'cross-encoder', 'llm'])])
      .default(false)
      .describe('true: the configured reranker; or a reranker by name'),
    group_by_document: z.boolean().default(false),
    min_score: z.number().optional().describe('Drop hits whose fused score is below this'),
  })
  .strict();

/** Where a passage sits outside the main flow of its document; null for body text. */
export const OriginSchema = z
  .enum(['header', 'footer', 'note', 'comment', 'chart', 'shape', 'field'])
  .nullable()
  .describe(
    'Where the text sits outside the body: page header/footer, note, comment, chart, shape, form field',
  );

const HitSchema = z
  .object({
    chunk_id: z.string(),
    document_id: z.string(),
    title: z.string().nullable(),
    filename: z.string(),
    content_type: z.string(),
    page_from: z.number().int().nullable(),
    page_to: z.number().int().nullable(),
    heading_path: z.array(z.string()),
    origin: OriginSchema,
    start_char: z.number().int(),
    end_char: z.number().int(),
    content: z.string(),
    snippet: z.string().describe('Matching terms wrapped in <mark>…</mark>'),
    scores: z.object({
      lexical: z.number().nullable(),
      vector: z.number().nullable(),
      fused: z.number(),
      rerank: z.number().nullable(),
    }),
  })
  .meta({ id: 'SearchHit' });

export const SearchResponseSchema = z
  .object({
    hits: z.array(HitSchema),
    mode: z.enum(['lexical', 'semantic', 'hybrid']),
    reranker: z.string().nullable(),
    cached: z.boolean(),
    warnings: z.array(z.string()),
    took_ms: z.number(),
  })
  .meta({ id: 'SearchResponse' });

export const SimilarQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export const SimilarResponseSchema = z.object({
  items: z.array(
    z.object({
      document_id: z.string(),
      title: z.string().nullable(),
      filename: z.string(),
      content_type: z.string(),
      score: z.number(),
      chunk_id: z.string().describe('The chunk nearest to the source document'),
    }),
  ),
  warnings: z.array(z.string()),
});

/** API filters → the core's scope input. */
export function toScopeInput(f: SearchFiltersBody): SearchScopeInput {
  return {
    ...(f.collections ? { collections: f.collections } : {}),
    ...(f.folders ? { folders: f.folders } : {}),
    ...(f.documents ? { documents: f.documents } : {}),
    ...(f.types ? { types: f.types } : {}),
    ...(f.tags ? { tags: f.tags } : {}),
    ...(f.languages ? { languages: f.languages } : {}),
    ...(f.uploaded_from ? { uploadedFrom: f.uploaded_from } : {}),
    ...(f.uploaded_to ? { uploadedTo: f.uploaded_to } : {}),
    ...(f.metadata ? { metadata: f.metadata } : {}),
  };
}

export function toHitResponse(h: SearchHit): z.infer<typeof HitSchema> {
  return {
    chunk_id: h.chunkId,
    document_id: h.documentId,
    title: h.title,
    filename: h.filename,
    content_type: h.contentType,
    page_from: h.pageFrom,
    page_to: h.pageTo,
    heading_path: h.headingPath,
    origin: h.origin,
    start_char: h.startChar,
    end_char: h.endChar,
    content: h.content,
    snippet: h.snippet,
    scores: h.scores,
  };
}

export function toSearchResponse(r: SearchResponse): z.infer<typeof SearchResponseSchema> {
  return {
    hits: r.hits.map(toHitResponse),
    mode: r.mode,
    reranker: r.reranker,
    cached: r.cached,
    warnings: r.warnings.map((w) => redactServerPaths(w)),
    took_ms: r.tookMs,
  };
}

export function toSimilarResponse(
  d: SimilarDocument,
): z.infer<typeof SimilarResponseSchema>['items'][number] {
  return {
    document_id: d.documentId,
    title: d.title,
    filename: d.filename,
    content_type: d.contentType,
    score: d.score,
    chunk_id: d.chunkId,
  };
}
