import mammoth from 'mammoth';
import { AppError, isAppError } from '@sift/core';
import type { ExtractedText, ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { libraryVersion } from '@sift/tools';
import { addHtmlBlocks } from './html-blocks.js';
import { readOoxmlMetadata } from './office-metadata.js';
import { ZipParts } from './zip-parts.js';

/** Images are dropped without reading them: mammoth would otherwise inline each one as a base64 data URI. */
const skipImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

/**
 * Word .docx via mammoth's HTML conversion (default style map: Heading N → hN, numbering → lists), walked
 * into headings, paragraphs, list and table blocks; metadata from docProps/core.xml. A file that is not a
 * Word package is `DOCUMENT_CORRUPT`.
 */
export class DocxExtractor implements FormatExtractor {
  readonly extensions = ['docx'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const zip = await ZipParts.open(input.path, input.archiveLimits);
    let metadata;
    try {
      if (!zip.has('word/document.xml')) {
        throw new AppError('DOCUMENT_CORRUPT', 'user', 'The file is a ZIP package but not a Word document', {
          details: { missingPart: 'word/document.xml' },
          retryable: false,
        });
      }
      // mammoth inflates the body itself; hold it to the same limits as the parts read here.
      zip.check('word/document.xml');
      metadata = await readOoxmlMetadata(zip);
    } finally {
      zip.close();
    }
    let html: string;
    const warnings: string[] = [];
    try {
      const result = await mammoth.convertToHtml({ path: input.path }, { convertImage: skipImages });
      html = result.value;
      for (const m of result.messages) if (m.type === 'error') warnings.push(m.message);
    } catch (err) {
      if (isAppError(err)) throw err;
      throw new AppError('DOCUMENT_CORRUPT', 'user', 'The Word document is damaged and cannot be read', {
        details: { reason: err instanceof Error ? err.message : String(err) },
        retryable: false,
        cause: err,
      });
    }
    input.signal.throwIfAborted();
    const builder = new TextBuilder();
    addHtmlBlocks(html, builder);
    input.onProgress?.(1);
    return builder.build({
      metadata,
      extractor: { name: 'mammoth', version: libraryVersion('mammoth') },
      warnings,
    });
  }
}
