import { isElement, type XmlNode } from './xml-tree.js';

/** Drawing elements that hold their own paragraphs (a shape with text typed into it). */
export const DRAW_SHAPES: ReadonlySet<string> = new Set([
  'draw:custom-shape',
  'draw:rect',
  'draw:ellipse',
  'draw:circle',
  'draw:polygon',
  'draw:polyline',
  'draw:regular-polygon',
  'draw:path',
  'draw:line',
  'draw:connector',
  'draw:caption',
  'draw:measure',
]);

/**
 * Inline elements whose text is not part of the running text (footnote bodies, comments, change marks), or
 * comes after it as a block of its own (frames, shapes).
 */
const SKIPPED = new Set([
  'text:note',
  'office:annotation',
  'office:annotation-end',
  'text:tracked-changes',
  'draw:frame',
  'draw:a',
  'draw:g',
  ...DRAW_SHAPES,
]);

/**
 * The text of an ODF paragraph-like element (text:p, text:h, text:span …): white space in the XML collapsed
 * as ODF requires, `text:s` as spaces, `text:tab` as a tab, `text:line-break` as a line break.
 */
export function odfInlineText(node: XmlNode, skip?: ReadonlySet<string>): string {
  return collect(node, skip)
    .replace(/ *\n */gu, '\n')
    .trim();
}

/**
 * Fields whose text is a value known only when the page is printed (page number, page count, date, time, file
 * and sheet name); in a header or footer they would repeat one arbitrary, often placeholder, value.
 */
export const PRINT_FIELDS: ReadonlySet<string> = new Set([
  'text:page-number',
  'text:page-count',
  'text:page-continuation',
  'text:sheet-name',
  'text:date',
  'text:time',
  'text:file-name',
  'presentation:date-time',
  'presentation:footer',
  'presentation:header',
]);

function collect(node: XmlNode, skip: ReadonlySet<string> | undefined): string {
  let s = '';
  for (const c of node.children) {
    if (!isElement(c)) {
      s += c.replace(/[ \t\r\n]+/gu, ' ');
      continue;
    }
    if (SKIPPED.has(c.name) || skip?.has(c.name)) continue;
    if (c.name === 'text:s') s += ' '.repeat(Math.min(Number(c.attrs['text:c'] ?? 1) || 1, 100));
    else if (c.name === 'text:tab') s += '\t';
    else if (c.name === 'text:line-break') s += '\n';
    else if (c.name === 'text:ruby')
      s += collect(
        c.children.find((r): r is XmlNode => isElement(r) && r.name === 'text:ruby-base') ?? c,
        skip,
      );
    else s += collect(c, skip);
  }
  return s;
}
