import type { SecondaryBlockKind } from '../ingest/extraction.types.js';

/**
 * How a collection's documents are cut into chunks.
 * - `recursive`: split on paragraph, line, sentence, word boundaries in that order until pieces fit `size`
 *   characters, with `overlap` characters repeated between neighbours (the spec's 1000 / 200).
 * - `structure`: cut at headings, paragraphs and table boundaries first (a table stays whole when it fits),
 *   never mid-word; falls back to `recursive` inside a block that is too long.
 * - `token`: like `recursive` but `size` and `overlap` count tokens (cl100k_base) instead of characters.
 */
export interface ChunkingSettings {
  strategy: 'recursive' | 'structure' | 'token';
  size: number;
  overlap: number;
}

export const DEFAULT_CHUNKING: ChunkingSettings = { strategy: 'structure', size: 1000, overlap: 200 };

/**
 * One chunk before it is stored. `content === text.slice(startChar, endChar)` always holds, so a citation can
 * highlight the exact source range.
 */
export interface ChunkDraft {
  index: number;
  content: string;
  startChar: number;
  endChar: number;
  pageFrom: number | null;
  pageTo: number | null;
  /** Titles of the enclosing headings, outermost first. */
  headingPath: string[];
  timeStartMs: number | null;
  timeEndMs: number | null;
  tokenCount: number;
  /** Lowest OCR/transcription confidence of the blocks it covers, when known. */
  confidence: number | null;
  /**
   * Where the chunk's text sits outside the main flow (`footer`, `note`, `comment`, `chart`…), when every block
   * it covers is of that one secondary kind; null for body text.
   */
  origin: SecondaryBlockKind | null;
}
