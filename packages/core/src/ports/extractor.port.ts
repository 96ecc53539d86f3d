import type {
  DetectedType,
  ExtractedText,
  ExtractionInput,
  FileCategory,
} from '../ingest/extraction.types.js';

/**
 * Tells what a file is from its bytes (magic numbers) and checks that against its name. Throws AppError:
 * `EMPTY_FILE` (user) for 0 bytes, `TYPE_MISMATCH` (user) when the bytes contradict the extension in a way
 * the format cannot explain (an executable named .pdf), `UNSUPPORTED_TYPE` (user) for formats Sift does not
 * read.
 */
export interface ContentDetector {
  detect(input: { path: string; filename: string; declaredType?: string }): Promise<DetectedType>;
  /** The category a file name's extension claims (null when unknown), to pick a size limit before any byte. */
  categoryForFilename(filename: string): FileCategory | null;
  /**
   * Every format it accepts by name, for clients that check files before sending them. Files under other
   * names may still be accepted when their bytes are text.
   */
  supportedTypes(): readonly SupportedFileType[];
}

/** A format Sift reads: its canonical extension, other spellings of it, its MIME type and category. */
export interface SupportedFileType {
  /** Lower case, without the dot (`pdf`, `tar.gz`). */
  extension: string;
  aliases: string[];
  contentType: string;
  category: FileCategory;
}

/**
 * Turns a file into text with structure (headings, pages, tables, time ranges) and embedded files.
 * Throws AppError with `retryable: false` for inputs that will never work (`DOCUMENT_ENCRYPTED`,
 * `DOCUMENT_CORRUPT`, `UNSUPPORTED_TYPE`, `ARCHIVE_LIMIT_EXCEEDED`, `ARCHIVE_UNSAFE_PATH`, `TOOL_MISSING`),
 * and retryable errors for transient trouble.
 */
export interface DocumentExtractor {
  extract(input: ExtractionInput): Promise<ExtractedText>;
}

/** Detects the natural language of a text (ISO 639-1), or null when unsure. */
export interface LanguageDetector {
  detect(text: string): Promise<string | null>;
}
