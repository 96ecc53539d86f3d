import type { ExtractedText, ExtractionInput } from '@sift/core';

/** Extracts one family of formats. The dispatcher picks one by `DetectedType.extension`. */
export interface FormatExtractor {
  /** Canonical extensions this extractor reads (as in `DetectedType.extension`, without the dot). */
  readonly extensions: readonly string[];
  extract(input: ExtractionInput): Promise<ExtractedText>;
  /** Stops what the extractor keeps running between extractions (a warm converter), if anything. */
  close?(): Promise<void>;
}
