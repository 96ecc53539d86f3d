import { AppError } from '@sift/core';
import type { ExtractedText, ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { libraryVersion } from '@sift/tools';
import { OdfBlockWriter, headingLevels } from './odf-blocks.js';
import { odfInlineText } from './odf-inline.js';
import { readOdfMetadata } from './office-metadata.js';
import { descendants, element, elements, parseXml, path, type XmlNode } from './xml-tree.js';
import { ZipParts } from './zip-parts.js';

/** Presentation placeholders that hold slide furniture rather than content. */
const FURNITURE = new Set(['page-number', 'footer', 'date-time', 'header', 'page']);

/**
 * OpenDocument text (.odt) and presentations (.odp) from content.xml and meta.xml: headings (text:h, or
 * paragraphs in heading styles), paragraphs, lists, tables; an .odp gets one page per draw:page with its
 * title as a level-1 heading and its speaker notes as a final "Notes:" paragraph.
 */
export class OdfTextExtractor implements FormatExtractor {
  readonly extensions = ['odt', 'odp'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const zip = await ZipParts.open(input.path, input.archiveLimits);
    try {
      const xml = await zip.readText('content.xml');
      if (xml === undefined) {
        throw new AppError(
          'DOCUMENT_CORRUPT',
          'user',
          'The file is a ZIP package but not an OpenDocument file',
          {
            details: { missingPart: 'content.xml' },
            retryable: false,
          },
        );
      }
      const content = path(parseXml(xml, 'content.xml'), 'office:document-content');
      const stylesXml = await zip.readText('styles.xml');
      const styles = stylesXml
        ? path(parseXml(stylesXml, 'styles.xml'), 'office:document-styles', 'office:styles')
        : undefined;
      const levels = headingLevels(element(content, 'office:automatic-styles'), styles);
      const metadata = await readOdfMetadata(zip);
      const builder = new TextBuilder();
      const writer = new OdfBlockWriter(builder, levels);
      const body = element(content, 'office:body');
      const presentation = element(body, 'office:presentation');
      if (presentation) {
        const pages = elements(presentation, 'draw:page');
        for (const [i, page] of pages.entries()) {
          input.signal.throwIfAborted();
          builder.startPage(i + 1);
          addShapes(page, builder, writer);
          const notes = notesText(element(page, 'presentation:notes'));
          if (notes) builder.add('paragraph', `Notes: ${notes}`);
        }
        metadata.pageCount = pages.length;
      } else {
        writer.body(element(body, 'office:text'));
      }
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

function addShapes(container: XmlNode, builder: TextBuilder, writer: OdfBlockWriter): void {
  for (const shape of elements(container)) {
    if (shape.name === 'presentation:notes' || shape.name === 'office:forms') continue;
    if (shape.name === 'draw:g') {
      addShapes(shape, builder, writer);
      continue;
    }
    const cls = shape.attrs['presentation:class'];
    if (cls && FURNITURE.has(cls)) continue;
    if (cls === 'title') {
      const text = descendants(shape, 'text:p').map(odfInlineText).join(' ').replace(/\s+/gu, ' ');
      builder.add('heading', text, { level: 1 });
      continue;
    }
    // Text sits in a text box or a table (frames) or directly in the shape (custom shapes, rectangles …).
    writer.body(element(shape, 'draw:text-box') ?? shape);
  }
}

function notesText(notes: XmlNode | undefined): string {
  return elements(notes, 'draw:frame')
    .filter((f) => f.attrs['presentation:class'] === 'notes')
    .flatMap((f) => descendants(f, 'text:p').map(odfInlineText))
    .filter((t) => t !== '')
    .join('\n');
}
