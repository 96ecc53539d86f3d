import type { FileCategory } from '../ingest/extraction.types.js';
import type { DocumentTypeFamily } from '../ports/analytics-repository.port.js';

// Exact MIME types of the formats Sift reads (extractors' SUPPORTED_TYPES), by family.
const BY_TYPE: Readonly<Record<string, DocumentTypeFamily>> = {
  'application/pdf': 'pdf',
  'application/msword': 'word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'word',
  'application/vnd.oasis.opendocument.text': 'word',
  'application/rtf': 'word',
  'text/rtf': 'word',
  'application/vnd.ms-excel': 'spreadsheet',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'spreadsheet',
  'application/vnd.oasis.opendocument.spreadsheet': 'spreadsheet',
  'text/csv': 'spreadsheet',
  'text/tab-separated-values': 'spreadsheet',
  'application/vnd.ms-powerpoint': 'presentation',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'presentation',
  'application/vnd.oasis.opendocument.presentation': 'presentation',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'message/rfc822': 'email',
  'application/vnd.ms-outlook': 'email',
  'application/json': 'text',
  'application/xml': 'text',
};

/**
 * The family of a document's detected type, for analytics: one of a fixed handful (a label or a chart series
 * per MIME type would grow with whatever users upload). Images, audio and archives go by their category;
 * other `text/*` types count as text.
 */
export function documentTypeFamily(contentType: string, category: FileCategory): DocumentTypeFamily {
  if (category === 'image' || category === 'audio' || category === 'archive') return category;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return BY_TYPE[type] ?? (type.startsWith('text/') ? 'text' : 'other');
}
