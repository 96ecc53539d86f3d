import { z } from 'zod';
import type { UploadLimits } from './upload-limits.js';

const CATEGORIES = ['document', 'image', 'audio', 'archive'] as const;
const bytes = z.number().int().positive();

/** `GET /api/v1/system/limits`: what the server refuses, so that a client can refuse it first. */
export const SystemLimitsSchema = z
  .object({
    upload: z.object({
      max_file_bytes: z
        .record(z.enum(CATEGORIES), bytes)
        .describe(
          'Largest file per category. A file is held to the limit of its extension’s category (unknown ' +
            'extensions: `document`) while it streams, then to that of the category its bytes show.',
        ),
      max_files: z.number().int().positive().describe('Files in one request (413 `UPLOAD_TOO_MANY_FILES`)'),
      max_fields: z.number().int().positive().describe('Non-file fields in one request'),
      max_field_bytes: bytes,
      accepted_types: z
        .array(
          z.object({
            extension: z.string().describe('Canonical extension, lower case, no dot'),
            aliases: z.array(z.string()).describe('Other spellings of the extension'),
            content_type: z.string(),
            category: z.enum(CATEGORIES),
            max_bytes: bytes.describe('The limit of its category'),
          }),
        )
        .describe('Formats accepted by name'),
      accept: z.string().describe('Every accepted extension, for an `<input type="file" accept>` attribute'),
      accepts_other_text: z
        .boolean()
        .describe('Files with other or no extensions are accepted too when their bytes are text'),
    }),
    json_body_bytes: bytes.describe('Largest JSON body (413 `PAYLOAD_TOO_LARGE`)'),
    documents: z.object({
      max_tags: z.number().int().positive(),
      max_tag_length: z.number().int().positive().describe('Characters of one tag'),
      max_metadata_bytes: bytes.describe('User metadata as UTF-8 JSON'),
    }),
  })
  .meta({ id: 'SystemLimits' });

export type SystemLimitsResponse = z.infer<typeof SystemLimitsSchema>;

export function toSystemLimitsResponse(limits: UploadLimits): SystemLimitsResponse {
  const types = limits.supportedTypes;
  return {
    upload: {
      max_file_bytes: { ...limits.fileSizeBytes },
      max_files: limits.maxFiles,
      max_fields: limits.maxFields,
      max_field_bytes: limits.maxFieldBytes,
      accepted_types: types.map((t) => ({
        extension: t.extension,
        aliases: t.aliases,
        content_type: t.contentType,
        category: t.category,
        max_bytes: limits.fileSizeBytes[t.category],
      })),
      accept: types.flatMap((t) => [t.extension, ...t.aliases].map((ext) => `.${ext}`)).join(','),
      // The content detector reads a file with an unknown name as text when its bytes are (README, notes.log).
      accepts_other_text: true,
    },
    json_body_bytes: limits.jsonBodyBytes,
    documents: {
      max_tags: limits.maxTagsPerDocument,
      max_tag_length: limits.maxTagLength,
      max_metadata_bytes: limits.maxMetadataBytes,
    },
  };
}
