import type { ExtractedText, ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { libraryVersion } from '@sift/tools';
import { readOoxmlMetadata } from './office-metadata.js';
import { byPartNumber, readRels, relOfType } from './ooxml-rels.js';
import {
  descendants,
  element,
  elements,
  isElement,
  parseXml,
  path,
  textContent,
  type XmlNode,
} from './xml-tree.js';
import { ZipParts } from './zip-parts.js';

/** Placeholders whose text is slide furniture (numbers, dates, footers), not content. */
const FURNITURE = new Set(['sldNum', 'dt', 'ftr', 'hdr', 'sldImg']);

/**
 * PowerPoint .pptx: one page per slide in presentation order; the title placeholder becomes a level-1
 * heading, bulleted paragraphs list blocks, other text frames paragraphs, tables table blocks, and the
 * slide's speaker notes a final paragraph starting "Notes:".
 */
export class PptxExtractor implements FormatExtractor {
  readonly extensions = ['pptx'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const zip = await ZipParts.open(input.path, input.archiveLimits);
    try {
      const metadata = await readOoxmlMetadata(zip);
      const slides = await slideOrder(zip);
      const builder = new TextBuilder();
      for (const [i, slidePath] of slides.entries()) {
        input.signal.throwIfAborted();
        builder.startPage(i + 1);
        const xml = await zip.readText(slidePath);
        if (xml) addShapes(path(parseXml(xml, slidePath), 'p:sld', 'p:cSld', 'p:spTree'), builder);
        const notes = await readNotes(zip, slidePath);
        if (notes) builder.add('paragraph', `Notes: ${notes}`);
        input.onProgress?.((i + 1) / slides.length);
      }
      return builder.build({
        metadata: { ...metadata, pageCount: slides.length },
        extractor: { name: 'fast-xml-parser', version: libraryVersion('fast-xml-parser') },
      });
    } finally {
      zip.close();
    }
  }
}

/** Slide parts in presentation order (sldIdLst), falling back to their numbers when that list is missing. */
async function slideOrder(zip: ZipParts): Promise<string[]> {
  const xml = await zip.readText('ppt/presentation.xml');
  if (xml) {
    const rels = await readRels(zip, 'ppt/presentation.xml');
    const ids = elements(
      path(parseXml(xml, 'ppt/presentation.xml'), 'p:presentation', 'p:sldIdLst'),
      'p:sldId',
    );
    const ordered = ids
      .map((s) => rels.get(s.attrs['r:id'] ?? '')?.target)
      .filter((t): t is string => !!t && zip.has(t));
    if (ordered.length > 0) return ordered;
  }
  return zip
    .names()
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/u.test(n))
    .sort(byPartNumber);
}

function addShapes(tree: XmlNode | undefined, builder: TextBuilder): void {
  for (const shape of elements(tree)) {
    if (shape.name === 'p:grpSp') addShapes(shape, builder);
    else if (shape.name === 'p:sp') addTextShape(shape, builder);
    else if (shape.name === 'p:graphicFrame') {
      for (const table of descendants(shape, 'a:tbl')) builder.add('table', tableRows(table).join('\n'));
    }
  }
}

function addTextShape(shape: XmlNode, builder: TextBuilder): void {
  const ph = path(shape, 'p:nvSpPr', 'p:nvPr', 'p:ph');
  const type = ph?.attrs.type ?? (ph ? 'obj' : undefined);
  if (type && FURNITURE.has(type)) return;
  const paragraphs = elements(element(shape, 'p:txBody'), 'a:p');
  if (type === 'title' || type === 'ctrTitle') {
    builder.add('heading', paragraphs.map(paragraphText).join(' ').replace(/\s+/gu, ' '), { level: 1 });
    return;
  }
  // Body and content placeholders inherit bullets from the master, so their paragraphs are list items
  // unless a paragraph switches bullets off.
  const bulletedByDefault = type === 'body' || type === 'obj';
  let list: string[] = [];
  let plain: string[] = [];
  const flush = (): void => {
    if (list.length > 0) builder.add('list', list.join('\n'));
    if (plain.length > 0) builder.add('paragraph', plain.join('\n'));
    list = [];
    plain = [];
  };
  for (const p of paragraphs) {
    const text = paragraphText(p).trim();
    if (!text) continue;
    const pPr = element(p, 'a:pPr');
    const bullet =
      element(pPr, 'a:buChar') || element(pPr, 'a:buAutoNum')
        ? true
        : element(pPr, 'a:buNone')
          ? false
          : bulletedByDefault;
    if (bullet) {
      if (plain.length > 0) flush();
      const level = Number(pPr?.attrs.lvl ?? 0) || 0;
      list.push(`${'  '.repeat(level)}- ${text.replace(/\n/gu, ' ')}`);
    } else {
      if (list.length > 0) flush();
      plain.push(text);
    }
  }
  flush();
}

/** Text of a DrawingML paragraph: runs, fields, and line breaks. */
function paragraphText(p: XmlNode): string {
  let s = '';
  for (const c of p.children) {
    if (!isElement(c)) continue;
    if (c.name === 'a:r' || c.name === 'a:fld') s += textContent(element(c, 'a:t'));
    else if (c.name === 'a:br') s += '\n';
  }
  return s;
}

function tableRows(table: XmlNode): string[] {
  return elements(table, 'a:tr')
    .map((tr) =>
      elements(tr, 'a:tc').map((tc) =>
        elements(element(tc, 'a:txBody'), 'a:p')
          .map((p) => paragraphText(p).replace(/\s+/gu, ' ').trim())
          .filter(Boolean)
          .join(' '),
      ),
    )
    .filter((cells) => cells.some((c) => c !== ''))
    .map((cells) => cells.join(' | '));
}

async function readNotes(zip: ZipParts, slidePath: string): Promise<string> {
  const rel = relOfType(await readRels(zip, slidePath), 'notesSlide');
  const xml = rel ? await zip.readText(rel.target) : undefined;
  if (!rel || !xml) return '';
  const tree = path(parseXml(xml, rel.target), 'p:notes', 'p:cSld', 'p:spTree');
  const lines: string[] = [];
  for (const sp of descendants(tree, 'p:sp')) {
    if (path(sp, 'p:nvSpPr', 'p:nvPr', 'p:ph')?.attrs.type !== 'body') continue;
    for (const p of elements(element(sp, 'p:txBody'), 'a:p')) {
      const t = paragraphText(p).trim();
      if (t) lines.push(t);
    }
  }
  return lines.join('\n');
}
