import type { BlockKind } from '@sift/core';
import { drawingParagraph } from './ooxml-graphics.js';
import { ooxmlBranch } from './ooxml-markup.js';
import { tableRow } from '../table-text.js';
import { descendants, element, elements, path, type XmlNode } from './xml-tree.js';

/** Text found on a slide (or master/layout), or a chart/SmartArt part to read through the part's relationships. */
export type SlideItem =
  { kind: BlockKind; text: string; level?: number } | { graphic: 'chart' | 'diagram'; relId: string };

/** Placeholders whose text is slide furniture (numbers, dates, images), not content. */
const FURNITURE = new Set(['sldNum', 'dt', 'sldImg']);

/**
 * The items of a shape tree (`p:spTree`) in reading order, through groups and markup-compatibility branches.
 * On a slide (`mode` 'slide') the title placeholder is a heading, bulleted paragraphs a list, other text
 * frames paragraphs, a footer placeholder a `footer`. On a master or layout (`mode` 'master') placeholders hold
 * prompts ("Click to edit Master title style") and are skipped, except footers; other shapes are real content
 * shown on every slide that uses it, and come back as `shape` items.
 */
export function slideItems(tree: XmlNode | undefined, mode: 'slide' | 'master'): SlideItem[] {
  const out: SlideItem[] = [];
  const visit = (node: XmlNode | undefined): void => {
    for (const shape of elements(node)) {
      if (shape.name === 'p:grpSp') visit(shape);
      else if (shape.name === 'mc:AlternateContent') visit(ooxmlBranch(shape));
      else if (shape.name === 'p:sp') textShape(shape, mode, out);
      else if (shape.name === 'p:graphicFrame') graphicFrame(shape, mode, out);
    }
  };
  visit(tree);
  return out;
}

function graphicFrame(frame: XmlNode, mode: 'slide' | 'master', out: SlideItem[]): void {
  const data = path(frame, 'a:graphic', 'a:graphicData');
  for (const table of descendants(data, 'a:tbl')) {
    const text = tableRows(table).join('\n');
    if (text) out.push({ kind: mode === 'slide' ? 'table' : 'shape', text });
  }
  const chart = descendants(data, 'c:chart')[0]?.attrs['r:id'];
  if (chart) out.push({ graphic: 'chart', relId: chart });
  const diagram = descendants(data, 'dgm:relIds')[0]?.attrs['r:dm'];
  if (diagram) out.push({ graphic: 'diagram', relId: diagram });
}

function textShape(shape: XmlNode, mode: 'slide' | 'master', out: SlideItem[]): void {
  const ph = path(shape, 'p:nvSpPr', 'p:nvPr', 'p:ph');
  const type = ph?.attrs.type ?? (ph ? 'obj' : undefined);
  if (type && FURNITURE.has(type)) return;
  const paragraphs = elements(element(shape, 'p:txBody'), 'a:p');
  if (type === 'ftr') {
    out.push({ kind: 'footer', text: linesOf(paragraphs).join('\n') });
    return;
  }
  if (mode === 'master') {
    if (!ph) out.push({ kind: 'shape', text: linesOf(paragraphs).join('\n') });
    return;
  }
  if (type === 'title' || type === 'ctrTitle') {
    out.push({
      kind: 'heading',
      text: paragraphs.map(drawingParagraph).join(' ').replace(/\s+/gu, ' '),
      level: 1,
    });
    return;
  }
  // Body and content placeholders inherit bullets from the master, so their paragraphs are list items
  // unless a paragraph switches bullets off.
  const bulletedByDefault = type === 'body' || type === 'obj';
  let list: string[] = [];
  let plain: string[] = [];
  const flush = (): void => {
    if (list.length > 0) out.push({ kind: 'list', text: list.join('\n') });
    if (plain.length > 0) out.push({ kind: 'paragraph', text: plain.join('\n') });
    list = [];
    plain = [];
  };
  for (const p of paragraphs) {
    const text = drawingParagraph(p).trim();
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

function linesOf(paragraphs: XmlNode[]): string[] {
  return paragraphs.map((p) => drawingParagraph(p).trim()).filter((t) => t !== '');
}

function tableRows(table: XmlNode): string[] {
  return elements(table, 'a:tr')
    .map((tr) =>
      elements(tr, 'a:tc').map((tc) => linesOf(elements(element(tc, 'a:txBody'), 'a:p')).join(' ')),
    )
    .filter((cells) => cells.some((c) => c !== ''))
    .map((cells) => tableRow(cells));
}

/** The body placeholder text of a notes slide (`p:notes`), one line per paragraph. */
export function notesText(root: XmlNode | undefined): string {
  const tree = path(root, 'p:notes', 'p:cSld', 'p:spTree');
  const lines: string[] = [];
  for (const sp of descendants(tree, 'p:sp')) {
    if (path(sp, 'p:nvSpPr', 'p:nvPr', 'p:ph')?.attrs.type !== 'body') continue;
    lines.push(...linesOf(elements(element(sp, 'p:txBody'), 'a:p')));
  }
  return lines.join('\n');
}

/** Each comment of a legacy (`p:cmLst`) or modern (`p188:cmLst`, replies included) comments part. */
export function commentTexts(root: XmlNode | undefined): string[] {
  const out: string[] = [];
  for (const text of descendants(root, 'p:text')) out.push(textFrom(text));
  for (const body of descendants(root, 'p188:txBody')) out.push(linesOf(descendants(body, 'a:p')).join('\n'));
  return out.filter((t) => t !== '');
}

function textFrom(node: XmlNode): string {
  return node.children
    .map((c) => (typeof c === 'string' ? c : ''))
    .join('')
    .trim();
}
