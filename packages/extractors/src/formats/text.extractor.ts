import { readFile } from 'node:fs/promises';
import type { ExtractedText, ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { libraryVersion } from '@sift/tools';
import { TextBuilder } from '../text-builder.js';
import { decodeText } from '../text-decoding.js';

/** Splits LF-normalised text into paragraphs at blank lines (lines holding only spaces count as blank). */
export function splitParagraphs(text: string): string[] {
  return text.split(/\n[ \t]*\n/u).filter((p) => p.trim() !== '');
}

/**
 * Plain text: the charset is detected (BOM, UTF-8, UTF-16, chardet + iconv-lite), line ends are normalised to
 * LF before any offset is built, and every paragraph (text between blank lines) is a block.
 */
export class TextExtractor implements FormatExtractor {
  readonly extensions = ['txt'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    const { text, encoding } = decodeText(await readFile(input.path));
    const builder = new TextBuilder();
    for (const paragraph of splitParagraphs(text)) builder.add('paragraph', paragraph);
    return builder.build({
      metadata: { encoding },
      extractor: { name: 'iconv-lite', version: libraryVersion('iconv-lite') },
    });
  }
}
