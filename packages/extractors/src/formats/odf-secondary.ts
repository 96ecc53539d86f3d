import { AppError } from '@sift/core';
import { DRAW_SHAPES, odfInlineText } from './odf-inline.js';
import type { SecondaryText } from '../secondary-texts.js';
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
import type { ZipParts } from './zip-parts.js';

export { DRAW_SHAPES };

/**
 * Fails with `DOCUMENT_ENCRYPTED` when the package's manifest declares encrypted parts: their bytes are
 * ciphertext, and reading them as XML would only report a damaged file.
 */
export async function assertOdfNotEncrypted(zip: ZipParts): Promise<void> {
  const manifest = await zip.readText('META-INF/manifest.xml');
  if (manifest?.includes('encryption-data')) {
    throw new AppError('DOCUMENT_ENCRYPTED', 'user', 'The document is password-protected', {
      details: { format: 'opendocument' },
      retryable: false,
    });
  }
}

/** A footnote or endnote (`text:note`): its citation mark and its body. */
export function noteText(note: XmlNode): string {
  const mark = textContent(element(note, 'text:note-citation')).trim();
  const body = paragraphsText(element(note, 'text:note-body'));
  return body ? (mark ? `${mark} ${body}` : body) : '';
}

/** A comment (`office:annotation`): its author, when recorded, and its paragraphs. */
export function annotationText(annotation: XmlNode): string {
  const author = textContent(element(annotation, 'dc:creator')).trim();
  const body = paragraphsText(annotation);
  return body ? (author ? `${author}: ${body}` : body) : '';
}

function paragraphsText(node: XmlNode | undefined): string {
  return [...descendants(node, 'text:p'), ...descendants(node, 'text:h')]
    .map((p) => odfInlineText(p))
    .filter((t) => t !== '')
    .join('\n');
}

/**
 * Notes and comments anchored inside a paragraph, in order. Text boxes and shapes are not entered: their own
 * paragraphs are walked when the box is.
 */
export function inlineSecondary(node: XmlNode, out: SecondaryText[] = []): SecondaryText[] {
  for (const c of node.children) {
    if (!isElement(c)) continue;
    if (c.name === 'text:note') {
      const text = noteText(c);
      if (text) out.push({ kind: 'note', text });
    } else if (c.name === 'office:annotation') {
      const text = annotationText(c);
      if (text) out.push({ kind: 'comment', text });
    } else if (c.name !== 'draw:text-box' && !DRAW_SHAPES.has(c.name)) inlineSecondary(c, out);
  }
  return out;
}

/** Chart text by object reference (`./Object 1` and `Object 1` both), for the charts embedded in a package. */
export type ChartTexts = (href: string | undefined) => string;

/**
 * Reads every embedded chart object (`Object N/content.xml` holding `office:chart`): its title, subtitle and
 * axis titles, then the words of its own data table (series names and categories), each once.
 */
export async function readChartObjects(zip: ZipParts): Promise<ChartTexts> {
  const charts = new Map<string, string>();
  for (const name of zip.names()) {
    const object = /^(.+)\/content\.xml$/u.exec(name)?.[1];
    if (!object || object.includes('/')) continue;
    const xml = await zip.readText(name);
    if (!xml?.includes('office:chart')) continue;
    const chart = path(parseXml(xml, name), 'office:document-content', 'office:body', 'office:chart');
    if (chart) charts.set(object, chartText(chart));
  }
  return (href) => charts.get((href ?? '').replace(/^\.\//u, '').replace(/\/$/u, '')) ?? '';
}

function chartText(chart: XmlNode): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  const add = (t: string): void => {
    const s = t.replace(/\s+/gu, ' ').trim();
    if (s && !seen.has(s)) {
      seen.add(s);
      lines.push(s);
    }
  };
  const visit = (node: XmlNode): void => {
    for (const c of elements(node)) {
      if (c.name === 'chart:title' || c.name === 'chart:subtitle') {
        for (const p of descendants(c, 'text:p')) add(odfInlineText(p));
      } else if (c.name === 'table:table-cell') {
        // Numbers are the chart's values; only the string cells name series and categories.
        if (c.attrs['office:value-type'] === 'string' || !c.attrs['office:value-type'])
          for (const p of descendants(c, 'text:p')) add(odfInlineText(p));
      } else visit(c);
    }
  };
  visit(chart);
  return lines.join('\n');
}

/** Charts (`draw:object`) placed anywhere under `node`, as chart blocks. */
export function chartsUnder(node: XmlNode | undefined, charts: ChartTexts): SecondaryText[] {
  return descendants(node, 'draw:object')
    .map((o) => charts(o.attrs['xlink:href']))
    .filter((text) => text !== '')
    .map((text) => ({ kind: 'chart' as const, text }));
}
