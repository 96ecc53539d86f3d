import type { Collection, DirectorySource, Folder, FolderNode } from '@sift/core';
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });

const ChunkingSchema = z.object({
  strategy: z.enum(['recursive', 'structure', 'token']),
  size: z.number().int(),
  overlap: z.number().int(),
});

export const CollectionSettingsSchema = z.object({
  chunking: ChunkingSchema.describe(
    'structure (default), recursive or token; size/overlap in characters (tokens for token)',
  ),
  ocr_languages: z.array(z.string()).describe('Tesseract codes, e.g. ["eng", "deu"]'),
});

export const CollectionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    settings: CollectionSettingsSchema,
    embedding_model: z.string().nullable(),
    embedding_dim: z.number().int().nullable(),
    document_count: z.number().int(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Collection' });

export function toCollectionResponse(c: Collection): z.infer<typeof CollectionSchema> {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    settings: { chunking: c.settings.chunking, ocr_languages: c.settings.ocrLanguages },
    embedding_model: c.embeddingModel,
    embedding_dim: c.embeddingDim,
    document_count: c.documentCount,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

const SettingsInputSchema = z
  .object({
    chunking: ChunkingSchema.partial().optional(),
    ocr_languages: z.array(z.string()).min(1).optional(),
  })
  .strict();

export const CreateCollectionSchema = z
  .object({
    name: z.string().min(1).max(120),
    description: z.string().max(2000).nullable().optional(),
    settings: SettingsInputSchema.optional(),
  })
  .strict();

export const UpdateCollectionSchema = CreateCollectionSchema.partial().strict();

export function toSettingsInput(s: z.infer<typeof SettingsInputSchema> | undefined) {
  if (!s) return undefined;
  return {
    ...(s.chunking ? { chunking: s.chunking } : {}),
    ...(s.ocr_languages ? { ocrLanguages: s.ocr_languages } : {}),
  };
}

export const IdParamsSchema = z.object({ id: z.string().min(1).max(200) });

export const FolderSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    parent_id: z.string().nullable(),
    collection_id: z.string().nullable(),
    path: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Folder' });

export function toFolderResponse(f: Folder): z.infer<typeof FolderSchema> {
  return {
    id: f.id,
    name: f.name,
    parent_id: f.parentId,
    collection_id: f.collectionId,
    path: f.path,
    created_at: f.createdAt,
    updated_at: f.updatedAt,
  };
}

export interface FolderTreeResponse extends z.infer<typeof FolderSchema> {
  children: FolderTreeResponse[];
}

export const FolderTreeSchema: z.ZodType<FolderTreeResponse> = FolderSchema.extend({
  get children() {
    return z.array(FolderTreeSchema);
  },
}).meta({ id: 'FolderTree' });

export function toFolderTree(n: FolderNode): FolderTreeResponse {
  return { ...toFolderResponse(n), children: n.children.map(toFolderTree) };
}

export const CreateFolderSchema = z
  .object({
    name: z.string().min(1).max(255),
    parent_id: z.string().nullable().optional(),
    collection_id: z.string().nullable().optional(),
  })
  .strict();

export const UpdateFolderSchema = z
  .object({
    name: z.string().min(1).max(255).optional(),
    parent_id: z.string().nullable().optional().describe('Move under this folder; null moves to the root'),
  })
  .strict();

export const SourceSchema = z
  .object({
    id: z.string(),
    collection_id: z.string(),
    path: z.string(),
    last_scan_at: timestamp.nullable(),
    last_scan: z
      .object({
        added: z.number(),
        changed: z.number(),
        removed: z.number(),
        unchanged: z.number(),
        failed: z.number(),
      })
      .nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'DirectorySource' });

export function toSourceResponse(s: DirectorySource): z.infer<typeof SourceSchema> {
  return {
    id: s.id,
    collection_id: s.collectionId,
    path: s.path,
    last_scan_at: s.lastScanAt,
    last_scan: s.lastScan,
    created_at: s.createdAt,
  };
}

export const CreateSourceSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .max(4096)
      .describe('A directory on the server under one of its source roots, scanned recursively'),
  })
  .strict();
