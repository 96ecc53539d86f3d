import type { DetectedType, FileCategory, SupportedFileType } from '@sift/core';

/** Canonical MIME type and category of every format Sift reads, keyed by canonical extension. */
export const SUPPORTED_TYPES: Readonly<Record<string, { contentType: string; category: FileCategory }>> = {
  pdf: { contentType: 'application/pdf', category: 'document' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    category: 'document',
  },
  doc: { contentType: 'application/msword', category: 'document' },
  xls: { contentType: 'application/vnd.ms-excel', category: 'document' },
  ppt: { contentType: 'application/vnd.ms-powerpoint', category: 'document' },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', category: 'document' },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', category: 'document' },
  odp: { contentType: 'application/vnd.oasis.opendocument.presentation', category: 'document' },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    category: 'document',
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    category: 'document',
  },
  rtf: { contentType: 'application/rtf', category: 'document' },
  txt: { contentType: 'text/plain', category: 'document' },
  md: { contentType: 'text/markdown', category: 'document' },
  html: { contentType: 'text/html', category: 'document' },
  csv: { contentType: 'text/csv', category: 'document' },
  tsv: { contentType: 'text/tab-separated-values', category: 'document' },
  json: { contentType: 'application/json', category: 'document' },
  eml: { contentType: 'message/rfc822', category: 'document' },
  png: { contentType: 'image/png', category: 'image' },
  jpg: { contentType: 'image/jpeg', category: 'image' },
  bmp: { contentType: 'image/bmp', category: 'image' },
  tif: { contentType: 'image/tiff', category: 'image' },
  webp: { contentType: 'image/webp', category: 'image' },
  gif: { contentType: 'image/gif', category: 'image' },
  mp3: { contentType: 'audio/mpeg', category: 'audio' },
  wav: { contentType: 'audio/wav', category: 'audio' },
  ogg: { contentType: 'audio/ogg', category: 'audio' },
  m4a: { contentType: 'audio/mp4', category: 'audio' },
  flac: { contentType: 'audio/flac', category: 'audio' },
  zip: { contentType: 'application/zip', category: 'archive' },
  tar: { contentType: 'application/x-tar', category: 'archive' },
  'tar.gz': { contentType: 'application/gzip', category: 'archive' },
  gz: { contentType: 'application/gzip', category: 'archive' },
  '7z': { contentType: 'application/x-7z-compressed', category: 'archive' },
  rar: { contentType: 'application/vnd.rar', category: 'archive' },
};

/**
 * Other spellings of a supported extension, and file-type results that are a supported format under another
 * name (templates and macro-enabled Office files are read like their base format).
 */
const ALIASES: Readonly<Record<string, string>> = {
  jpeg: 'jpg',
  jpe: 'jpg',
  tiff: 'tif',
  htm: 'html',
  xhtml: 'html',
  markdown: 'md',
  text: 'txt',
  // JSON Lines: one JSON value per line, read as a sequence of values by the JSON extractor.
  jsonl: 'json',
  ndjson: 'json',
  tgz: 'tar.gz',
  apng: 'png',
  oga: 'ogg',
  opus: 'ogg',
  spx: 'ogg',
  m4b: 'm4a',
  f4a: 'm4a',
  docm: 'docx',
  dotx: 'docx',
  dotm: 'docx',
  xlsm: 'xlsx',
  xltx: 'xlsx',
  xltm: 'xlsx',
  pptm: 'pptx',
  potx: 'pptx',
  potm: 'pptx',
  ppsx: 'pptx',
  ppsm: 'pptx',
  ott: 'odt',
  ots: 'ods',
  otp: 'odp',
};

/** Every supported format with the other spellings of its extension, in SUPPORTED_TYPES order. */
export function supportedFileTypes(): SupportedFileType[] {
  return Object.entries(SUPPORTED_TYPES).map(([extension, type]) => ({
    extension,
    aliases: Object.keys(ALIASES).filter((alias) => ALIASES[alias] === extension),
    ...type,
  }));
}

/** Canonical form of an extension (lower case, no dot, aliases resolved); unknown ones come back as given. */
export function canonicalExtension(ext: string): string {
  const lower = ext.trim().toLowerCase().replace(/^\./u, '');
  return ALIASES[lower] ?? lower;
}

/** The extension a file name claims, `tar.gz` included; '' when it has none. */
export function extensionOfFilename(filename: string): string {
  const base = filename.split(/[\\/]/u).pop()?.toLowerCase() ?? '';
  if (base.endsWith('.tar.gz')) return 'tar.gz';
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1);
}

/**
 * The category of a supported extension (with or without the dot, any case, aliases allowed), or null when
 * Sift does not read it. The upload path uses it to choose the size limit before streaming the body.
 */
export function categoryForExtension(ext: string): FileCategory | null {
  return SUPPORTED_TYPES[canonicalExtension(ext)]?.category ?? null;
}

/** The full DetectedType of a supported extension, or null. */
export function typeForExtension(ext: string): DetectedType | null {
  const extension = canonicalExtension(ext);
  const known = SUPPORTED_TYPES[extension];
  return known ? { extension, ...known } : null;
}

/** The canonical extension of a supported MIME type (parameters ignored), or null. */
export function extensionForContentType(contentType: string): string | null {
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  // `tar.gz` shares application/gzip with `gz`; a declared type cannot tell them apart, so it means `gz`.
  for (const [ext, t] of Object.entries(SUPPORTED_TYPES))
    if (t.contentType === mime && ext !== 'tar.gz') return ext;
  const extra: Record<string, string> = {
    'text/x-markdown': 'md',
    'application/x-zip-compressed': 'zip',
    'application/x-gzip': 'gz',
    'application/x-rar-compressed': 'rar',
    'audio/x-wav': 'wav',
    'audio/wave': 'wav',
    'audio/x-m4a': 'm4a',
    'audio/x-flac': 'flac',
    'image/pjpeg': 'jpg',
    'text/x-csv': 'csv',
    'application/csv': 'csv',
    'application/x-ndjson': 'json',
    'application/jsonl': 'json',
  };
  return extra[mime] ?? null;
}
