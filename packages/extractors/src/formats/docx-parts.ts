import type { SecondaryBlockKind } from '@sift/core';
import { SecondaryTexts, type SecondaryText } from '../secondary-texts.js';
import { DocxBodyWalker, type DocxBlock } from './docx-body.js';
import { DocxNumbering } from './docx-numbering.js';
import { DocxStyles } from './docx-styles.js';
import { chartText, diagramText } from './ooxml-graphics.js';
import { byPartNumber, readRels } from './ooxml-rels.js';
import { elements, parseXml, path, type XmlNode } from './xml-tree.js';
import type { ZipParts } from './zip-parts.js';

/** What a Word package holds: its body blocks, then secondary text in reading order, each distinct text once. */
export interface DocxContent {
  body: DocxBlock[];
  secondary: SecondaryText[];
}

/** Note types that are Word's separators between body and notes, not notes. */
const NOTE_FURNITURE = new Set(['separator', 'continuationSeparator', 'continuationNotice']);

/**
 * Reads word/document.xml with its styles and numbering, then the secondary parts: text boxes of the body,
 * headers and footers (every section's first/even/odd variants, each distinct text once), footnotes, endnotes,
 * comments, chart labels and SmartArt text.
 */
export async function readDocxContent(zip: ZipParts, signal: AbortSignal): Promise<DocxContent> {
  const main = 'word/document.xml';
  const rels = await readRels(zip, main);
  const targets = (kind: string): string[] =>
    [...rels.values()]
      .filter((r) => !r.external && r.type.endsWith(`/${kind}`) && zip.has(r.target))
      .map((r) => r.target)
      .sort(byPartNumber);
  const firstTarget = (kind: string, fallback: string): string => targets(kind)[0] ?? fallback;

  const styles = new DocxStyles(await readPart(zip, firstTarget('styles', 'word/styles.xml')));
  const numbering = new DocxNumbering(
    await readPart(zip, firstTarget('numbering', 'word/numbering.xml')),
    (id) => styles.numIdOfStyle(id),
  );
  const walker = new DocxBodyWalker(styles, numbering);
  const doc = await readPart(zip, main);
  const body = walker.walk(path(doc, 'w:document', 'w:body'));

  const secondary = new SecondaryTexts();
  const add = (kind: SecondaryBlockKind, text: string): void => void secondary.add(kind, text);
  for (const shape of walker.takeShapes()) add('shape', shape);

  for (const [kind, root] of [
    ['header', 'w:hdr'],
    ['footer', 'w:ftr'],
  ] as const) {
    for (const part of targets(kind)) {
      signal.throwIfAborted();
      const text = walker.plainText(path(await readPart(zip, part), root));
      // A text box in a header is part of what the header shows.
      add(kind, [text, ...walker.takeShapes()].join('\n'));
    }
  }
  for (const [kind, root, item] of [
    ['footnotes', 'w:footnotes', 'w:footnote'],
    ['endnotes', 'w:endnotes', 'w:endnote'],
  ] as const) {
    for (const part of targets(kind)) {
      for (const note of elements(path(await readPart(zip, part), root), item)) {
        if (NOTE_FURNITURE.has(note.attrs['w:type'] ?? '')) continue;
        add('note', [walker.plainText(note), ...walker.takeShapes()].join('\n'));
      }
    }
  }
  for (const part of targets('comments')) {
    for (const comment of elements(path(await readPart(zip, part), 'w:comments'), 'w:comment')) {
      add('comment', [walker.plainText(comment), ...walker.takeShapes()].join('\n'));
    }
  }
  signal.throwIfAborted();
  for (const part of partsMatching(zip, /^word\/charts\/chart\d+\.xml$/u)) {
    add('chart', chartText(await readPart(zip, part)));
  }
  for (const part of partsMatching(zip, /^word\/diagrams\/data\d+\.xml$/u)) {
    add('shape', diagramText(await readPart(zip, part)));
  }
  return { body, secondary: secondary.items };
}

function partsMatching(zip: ZipParts, pattern: RegExp): string[] {
  return zip
    .names()
    .filter((n) => pattern.test(n))
    .sort(byPartNumber);
}

async function readPart(zip: ZipParts, part: string): Promise<XmlNode> {
  const xml = await zip.readText(part);
  return xml ? parseXml(xml, part) : { name: '#document', attrs: {}, children: [] };
}
