import { isElement, type XmlNode } from './xml-tree.js';

/** Inline elements whose text is not part of the running text (footnote bodies, comments, change marks). */
const SKIPPED = new Set([
  'text:note',
  'office:annotation',
  'office:annotation-end',
  'text:tracked-changes',
  'draw:frame',
  'draw:a',
]);

/**
 * The text of an ODF paragraph-like element (text:p, text:h, text:span …): white space in the XML collapsed
 * as ODF requires, `text:s` as spaces, `text:tab` as a tab, `text:line-break` as a line break.
 */
export function odfInlineText(node: XmlNode): string {
  return collect(node)
    .replace(/ *\n */gu, '\n')
    .trim();
}

function collect(node: XmlNode): string {
  let s = '';
  for (const c of node.children) {
    if (!isElement(c)) {
      s += c.replace(/[ \t\r\n]+/gu, ' ');
      continue;
    }
    if (SKIPPED.has(c.name)) continue;
    if (c.name === 'text:s') s += ' '.repeat(Math.min(Number(c.attrs['text:c'] ?? 1) || 1, 100));
    else if (c.name === 'text:tab') s += '\t';
    else if (c.name === 'text:line-break') s += '\n';
    else if (c.name === 'text:ruby')
      s += collect(c.children.find((r): r is XmlNode => isElement(r) && r.name === 'text:ruby-base') ?? c);
    else s += collect(c);
  }
  return s;
}
