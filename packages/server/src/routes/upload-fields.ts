import { AppError } from '@sift/core';

/** Form fields that apply to the files after them in an upload. */
export interface UploadFields {
  collectionId: string | null;
  folderId: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
}

/** Reads one multipart field into `fields`; unknown fields are refused so typos do not pass silently. */
export function readUploadFields(fields: UploadFields, name: string, value: string): void {
  switch (name) {
    case 'collection_id':
      fields.collectionId = value.trim() || null;
      return;
    case 'folder_id':
      fields.folderId = value.trim() || null;
      return;
    case 'tags':
      fields.tags = parseTags(value);
      return;
    case 'metadata':
      fields.metadata = parseMetadata(value);
      return;
    default:
      throw new AppError(
        'UPLOAD_FIELD_UNKNOWN',
        'user',
        `unknown field ${name}; use collection_id, folder_id, tags, metadata`,
        {
          details: { field: name },
        },
      );
  }
}

function parseTags(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    const parsed = parseJson(trimmed, 'tags');
    if (!Array.isArray(parsed) || parsed.some((t) => typeof t !== 'string')) {
      throw new AppError(
        'UPLOAD_FIELD_INVALID',
        'user',
        'tags must be a JSON array of strings or a comma list',
        {
          details: { field: 'tags' },
        },
      );
    }
    return parsed as string[];
  }
  return trimmed
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

function parseMetadata(value: string): Record<string, unknown> {
  const parsed = parseJson(value, 'metadata');
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError('UPLOAD_FIELD_INVALID', 'user', 'metadata must be a JSON object', {
      details: { field: 'metadata' },
    });
  }
  return parsed as Record<string, unknown>;
}

function parseJson(value: string, field: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError('UPLOAD_FIELD_INVALID', 'user', `${field} is not valid JSON`, { details: { field } });
  }
}
