import type { ChunkDraft, ChunkingSettings } from '../chunking/chunking.types.js';

/** Broad kind of an input file; decides the size limit and the queue its processing runs on. */
export type FileCategory = 'document' | 'image' | 'audio' | 'archive';

/** What the content detector concluded about a file from its magic bytes and name. */
export interface DetectedType {
  /** Canonical MIME type, e.g. `application/pdf`. */
  contentType: string;
  /** Canonical extension without the dot, e.g. `pdf`. */
  extension: string;
  category: FileCategory;
}

/** Kinds of structural block an extractor reports. */
/** Kinds of the main flow of a document. */
export type BodyBlockKind = 'heading' | 'paragraph' | 'list' | 'table' | 'code' | 'quote' | 'segment';

/**
 * Kinds of text outside the main flow, kept apart so chunks and citations can say where a passage came from:
 * page headers and footers (emitted once, not per page), notes (footnotes, endnotes, speaker notes), comments
 * (review comments, PDF annotations), chart labels, shapes (text boxes, SmartArt) and form field values.
 */
export type SecondaryBlockKind = 'header' | 'footer' | 'note' | 'comment' | 'chart' | 'shape' | 'field';

export type BlockKind = BodyBlockKind | SecondaryBlockKind;

export const SECONDARY_BLOCK_KINDS: ReadonlySet<BlockKind> = new Set<SecondaryBlockKind>([
  'header',
  'footer',
  'note',
  'comment',
  'chart',
  'shape',
  'field',
]);

/**
 * A span of the extracted text with its structural role. Offsets are UTF-16 code unit indexes into
 * `ExtractedText.text` (JavaScript string indexes), end exclusive. Blocks are in document order and do not
 * overlap; text between blocks (separators) belongs to no block.
 */
export interface TextBlock {
  kind: BlockKind;
  start: number;
  end: number;
  /** Heading level 1..6 (kind `heading` only). */
  level?: number;
  /** 1-based page (or slide, or sheet) the block is on, when the format has pages. */
  page?: number;
  /** Time range of audio segments. */
  timeStartMs?: number;
  timeEndMs?: number;
  /** Recognition confidence 0..1 for OCR'd or transcribed text. */
  confidence?: number;
}

/** A page (or slide / sheet) as a span of the text. */
export interface PageSpan {
  /** 1-based. */
  number: number;
  start: number;
  end: number;
  /** How the page's text was obtained. */
  source?: 'text-layer' | 'ocr';
}

/** A file embedded in another one (archive member, e-mail attachment), to become a child document. */
export interface EmbeddedFile {
  /** Path inside the container, normalised with `/`, never absolute, never containing `..`. */
  name: string;
  /** A temp file under the extraction's workDir holding the bytes. */
  path: string;
  size: number;
  /** Declared type, if the container said one (e-mail parts do). */
  contentType?: string;
}

/** Document-level facts an extractor found. Unknown keys are kept as metadata too. */
export interface ExtractedMetadata {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  createdAt?: string;
  modifiedAt?: string;
  pageCount?: number;
  /** ISO 639-1 code, when the format or the transcriber says (otherwise detected from the text). */
  language?: string;
  durationMs?: number;
  [key: string]: unknown;
}

/** The result of extracting one file. */
export interface ExtractedText {
  /** The full text; every offset in blocks, pages and chunks indexes into it. */
  text: string;
  blocks: TextBlock[];
  pages: PageSpan[];
  metadata: ExtractedMetadata;
  /** Which library produced the text, e.g. `{ name: 'pdfjs-dist', version: '5.6.205' }`. */
  extractor: { name: string; version: string };
  /** Child files (archives, e-mail attachments). */
  embedded: EmbeddedFile[];
  /** Non-fatal problems (a page that could not be OCR'd, a skipped archive entry). */
  warnings: string[];
  /**
   * The chunks of the text, when the input asked for them (`ExtractionInput.chunking`) and the extractor
   * computed them where it ran — off the caller's thread. Their `content` may be left empty: it is always
   * `text.slice(startChar, endChar)`.
   */
  chunks?: ChunkDraft[];
  /**
   * Milliseconds spent in OCR and transcription engines for this file, measured where they ran (an extraction
   * thread has no telemetry of its own); the pipeline records them as metrics.
   */
  engineMs?: { ocr?: number; transcribe?: number };
}

/**
 * Limits applied while expanding archives, against zip bombs and path tricks. Entries, total bytes and the
 * compression ratio hold for the whole tree of one upload (nested archives included), not per archive.
 */
export interface ArchiveLimits {
  maxEntries: number;
  maxTotalBytes: number;
  /** Largest allowed uncompressed/compressed ratio of the whole archive. */
  maxCompressionRatio: number;
  /** How deep archives may nest (an archive inside an archive is depth 2). */
  maxDepth: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 2 * 1024 ** 3,
  maxCompressionRatio: 200,
  maxDepth: 3,
};

/** What the documents of one upload's tree (its archive members, at every depth) amount to so far. */
export interface TreeUsage {
  /** Bytes of the uploaded file at the root: the compression ratio of the whole tree is measured against it. */
  rootSize: number;
  /** Bytes of all descendants of the root created so far. */
  expandedBytes: number;
  /** How many descendants the root has so far. */
  descendants: number;
}

/** Input of an extraction. */
export interface ExtractionInput {
  /** The file on the local file system (read only). */
  path: string;
  /** Original file name, for hints only. */
  filename: string;
  type: DetectedType;
  size: number;
  /** A private, empty directory for temp files; removed by the caller afterwards. */
  workDir: string;
  /** OCR languages (tesseract codes, e.g. `eng`, `deu`). */
  ocrLanguages: string[];
  archiveLimits: ArchiveLimits;
  /** How deep in nested archives this file is (0 for an upload). */
  depth: number;
  /**
   * For a file inside an upload (depth > 0): what the upload's tree has already become, so the archive limits
   * apply to the whole tree. Absent for an upload, whose own size is the base.
   */
  treeUsage?: TreeUsage;
  signal: AbortSignal;
  /** Reports progress inside the extraction, 0..1. */
  onProgress?: (fraction: number) => void;
  /** Chunk the text too, with these settings, where the extraction runs (it may not: then chunk after). */
  chunking?: ChunkingSettings;
}
