import {
  MAX_TAG_LENGTH,
  MAX_TAGS_PER_DOCUMENT,
  MAX_USER_METADATA_BYTES,
  type FileCategory,
  type SupportedFileType,
} from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import { JSON_BODY_LIMIT_BYTES } from '../security/security.plugin.js';

/**
 * The limits an upload is held to, read from the objects that enforce them: the document service's size
 * limits (checked while a file streams), the config the multipart parser is registered with, the content
 * detector's formats and core's tag and metadata caps. `POST /documents` and `GET /system/limits` both read
 * them here, so what a browser is told is what the server does.
 */
export interface UploadLimits {
  /** Bytes per file, by the category its name (then its bytes) puts it in. */
  fileSizeBytes: Readonly<Record<FileCategory, number>>;
  /** Files in one multipart request. */
  maxFiles: number;
  /** Non-file fields in one multipart request, and the bytes of one. */
  maxFields: number;
  maxFieldBytes: number;
  /** Parsed (JSON, text) request bodies. */
  jsonBodyBytes: number;
  maxTagsPerDocument: number;
  maxTagLength: number;
  maxMetadataBytes: number;
  supportedTypes: readonly SupportedFileType[];
}

/** Fields (collection_id, folder_id, tags, metadata) one upload may carry; generous, but bounded. */
const MAX_FIELDS = 50;
const MAX_FIELD_BYTES = 1024 ** 2;

export function uploadLimitsOf(runtime: SiftRuntime): UploadLimits {
  return {
    fileSizeBytes: runtime.documents.sizeLimits,
    maxFiles: runtime.config.ingest.maxFilesPerUpload,
    maxFields: MAX_FIELDS,
    maxFieldBytes: MAX_FIELD_BYTES,
    jsonBodyBytes: JSON_BODY_LIMIT_BYTES,
    maxTagsPerDocument: MAX_TAGS_PER_DOCUMENT,
    maxTagLength: MAX_TAG_LENGTH,
    maxMetadataBytes: MAX_USER_METADATA_BYTES,
    supportedTypes: runtime.ingest.extraction.detector.supportedTypes(),
  };
}
