import type { ExtractedText } from '../ingest/extraction.types.js';
import { annotateChunks } from './chunk-annotations.js';
import type { Span } from './chunk-cutter.js';
import type { ChunkDraft, ChunkingSettings } from './chunking.types.js';
import { validateChunkingSettings } from './chunking-settings.js';
import { splitRecursive } from './recursive-splitter.js';
import { splitByStructure } from './structure-splitter.js';
import { splitByTokens } from './token-splitter.js';
import { countTokens } from './token-counter.js';

export { validateChunkingSettings } from './chunking-settings.js';

/**
 * Cuts a document's extracted text into chunks with the collection's settings — the one chunker every
 * storage backend shares. Each chunk's `content` is exactly `text.slice(startChar, endChar)`, starts and ends
 * on non-whitespace, and carries its page range, heading path, time range, lowest confidence and exact
 * cl100k_base token count. Blank text gives no chunks.
 * @throws AppError `CHUNKING_SETTINGS_INVALID` (user) for out-of-range settings.
 */
export function chunkDocument(
  doc: Pick<ExtractedText, 'text' | 'blocks' | 'pages'>,
  settings: ChunkingSettings,
): ChunkDraft[] {
  validateChunkingSettings(settings);
  const { text, blocks, pages } = doc;
  const spans = split(doc, settings);
  const annotations = annotateChunks(text, spans, blocks, pages);
  return spans.map((span, index) => {
    const content = text.slice(span.start, span.end);
    return {
      index,
      content,
      startChar: span.start,
      endChar: span.end,
      ...(annotations[index] as (typeof annotations)[number]),
      tokenCount: span.tokens ?? countTokens(content),
    };
  });
}

function split(doc: Pick<ExtractedText, 'text' | 'blocks'>, settings: ChunkingSettings): Span[] {
  const { size, overlap } = settings;
  switch (settings.strategy) {
    case 'recursive':
      return splitRecursive(doc.text, size, overlap);
    case 'structure':
      return splitByStructure(doc.text, doc.blocks, size, overlap);
    case 'token':
      return splitByTokens(doc.text, size, overlap);
  }
}
