import { AppError } from '@sift/core';
import type { ExtractedText, ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { SecondaryTexts, type SecondaryText } from '../secondary-texts.js';
import { TextBuilder } from '../text-builder.js';
import { libraryVersion } from '@sift/tools';
import { OdfBlockWriter, headingLevels } from './odf-blocks.js';
import { odfInlineText } from './odf-inline.js';
import { listStyles } from './odf-list-numbering.js';
import { headerFooterTexts, masterPages, masterSlideTexts, presentationDecls } from './odf-master-pages.js';
import { annotationText, assertOdfNotEncrypted, readChartObjects } from './odf-secondary.js';
import { readOdfMetadata } from './office-metadata.js';
import { descendants, element, elements, parseXml, path, type XmlNode } from './xml-tree.js';
import { ZipParts } from './zip-parts.js';

/** Presentation placeholders that hold slide furniture rather than content. */
const FURNITURE = new Set(['page-number', 'footer', 'date-time', 'header', 'page']);

/**
 * OpenDocument text (.odt) and presentations (.odp) from content.xml, styles.xml and meta.xml: headings (text:h,
 * or paragraphs in heading styles), paragraphs, lists, tables, then what surrounds the body as its own kinds —
 * text boxes and shapes (shape), footnotes and endnotes (note), comments (comment), embedded charts (chart),
 * and the headers and footers of the master pages in use (once). An .odp gets one page per draw:page with its
 * title as a level-1 heading, its comments and charts, and its speaker notes (note); the text its master slides
 * add to every slide comes once, after the last slide. Encrypted packages are `DOCUMENT_ENCRYPTED`.
 */
export class OdfTextExtractor implements FormatExtractor {
  readonly extensions = ['odt', 'odp'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const zip = await ZipParts.open(input.path, input.archiveLimits);
    try {
      await assertOdfNotEncrypted(zip);
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
      const stylesDoc = stylesXml
        ? path(parseXml(stylesXml, 'styles.xml'), 'office:document-styles')
        : undefined;
      const styles = element(stylesDoc, 'office:styles');
      const automatic = element(content, 'office:automatic-styles');
      const levels = headingLevels(automatic, styles);
      const metadata = await readOdfMetadata(zip);
      const builder = new TextBuilder();
      const lists = listStyles(automatic, styles);
      const writer = new OdfBlockWriter(builder, levels, await readChartObjects(zip), lists);
      const masters = masterPages(stylesDoc);
      const body = element(content, 'office:body');
      const presentation = element(body, 'office:presentation');
      if (presentation) {
        const pages = elements(presentation, 'draw:page');
        const used = new Set<string>();
        for (const [i, page] of pages.entries()) {
          input.signal.throwIfAborted();
          builder.startPage(i + 1);
          used.add(page.attrs['draw:master-page-name'] ?? '');
          addShapes(page, builder, writer);
          writer.flushSecondary();
          const notes = notesText(element(page, 'presentation:notes'));
          if (notes) builder.add('note', notes);
        }
        builder.endPage();
        metadata.pageCount = pages.length;
        const furniture = [...used].flatMap((name) => masterSlideTexts(masters.get(name)));
        addOnce(builder, [...presentationDecls(presentation), ...furniture]);
      } else {
        writer.body(element(body, 'office:text'));
        const names = usedMasterPages(masters, automatic, styles);
        addOnce(
          builder,
          names.flatMap((name) => headerFooterTexts(masters.get(name))),
        );
        writer.flushSecondary();
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

/** Writes secondary texts, each distinct one once. */
function addOnce(builder: TextBuilder, items: readonly SecondaryText[]): void {
  new SecondaryTexts().addAll(items).writeTo(builder);
}

/**
 * The master pages a text document uses: the default one ("Standard", else the first) and those named by a
 * paragraph or table style (`style:master-page-name`, which starts a new page with that master).
 */
function usedMasterPages(masters: Map<string, XmlNode>, ...styleRoots: (XmlNode | undefined)[]): string[] {
  const names = new Set<string>();
  const first = [...masters.keys()][0];
  if (masters.has('Standard')) names.add('Standard');
  else if (first !== undefined) names.add(first);
  for (const root of styleRoots) {
    for (const s of elements(root, 'style:style')) {
      const name = s.attrs['style:master-page-name'];
      if (name && masters.has(name)) names.add(name);
    }
  }
  return [...names];
}

function addShapes(container: XmlNode, builder: TextBuilder, writer: OdfBlockWriter): void {
  for (const shape of elements(container)) {
    if (shape.name === 'presentation:notes' || shape.name === 'office:forms') continue;
    if (shape.name === 'office:annotation') {
      const text = annotationText(shape);
      if (text) writer.hold([{ kind: 'comment', text }]);
      continue;
    }
    if (shape.name === 'draw:g') {
      addShapes(shape, builder, writer);
      continue;
    }
    const cls = shape.attrs['presentation:class'];
    if (cls && FURNITURE.has(cls)) continue;
    if (cls === 'title') {
      const text = descendants(shape, 'text:p')
        .map((p) => odfInlineText(p))
        .join(' ')
        .replace(/\s+/gu, ' ');
      builder.add('heading', text, { level: 1 });
      continue;
    }
    writer.holdCharts(shape);
    // Text sits in a text box or a table (frames) or directly in the shape (custom shapes, rectangles …).
    writer.body(element(shape, 'draw:text-box') ?? shape);
  }
}

function notesText(notes: XmlNode | undefined): string {
  return elements(notes, 'draw:frame')
    .filter((f) => f.attrs['presentation:class'] === 'notes')
    .flatMap((f) => descendants(f, 'text:p').map((p) => odfInlineText(p)))
    .filter((t) => t !== '')
    .join('\n');
}
