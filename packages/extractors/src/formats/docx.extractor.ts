import { AppError } from '@sift/core';
import type { ExtractedText, ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { libraryVersion } from '@sift/tools';
import { readDocxContent } from './docx-parts.js';
import { readOoxmlMetadata } from './office-metadata.js';
import { ZipParts } from './zip-parts.js';

/**
 * Word .docx read from its WordprocessingML parts: headings from paragraph styles, lists numbered as Word
 * shows them (word/numbering.xml), tables as tab-separated rows, content controls, field results and insertions
 * in place (deleted text and field codes left out); then text boxes, headers and footers (each distinct text
 * once), footnotes and endnotes, comments, chart labels and SmartArt as blocks of their own kind after the body.
 * Metadata from docProps/core.xml. A file that is not a Word package is `DOCUMENT_CORRUPT`.
 */
export class DocxExtractor implements FormatExtractor {
  readonly extensions = ['docx'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const zip = await ZipParts.open(input.path, input.archiveLimits);
    try {
      if (!zip.has('word/document.xml')) {
        throw new AppError('DOCUMENT_CORRUPT', 'user', 'The file is a ZIP package but not a Word document', {
          details: { missingPart: 'word/document.xml' },
          retryable: false,
        });
      }
      const metadata = await readOoxmlMetadata(zip);
      const { body, secondary } = await readDocxContent(zip, input.signal);
      const builder = new TextBuilder();
      for (const block of body) {
        builder.add(block.kind, block.text, block.level !== undefined ? { level: block.level } : {});
      }
      for (const { kind, text } of secondary) builder.add(kind, text);
      input.onProgress?.(1);
      return builder.build({
        metadata,
        extractor: { name: 'fast-xml-parser', version: libraryVersion('fast-xml-parser') },
      });
    } finally {
      zip.close();
    }
  }
}
