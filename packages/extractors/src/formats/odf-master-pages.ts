import { odfInlineText, PRINT_FIELDS } from './odf-inline.js';
import { DRAW_SHAPES } from './odf-secondary.js';
import type { SecondaryText } from '../secondary-texts.js';
import { descendants, element, elements, type XmlNode } from './xml-tree.js';

const HEADER_FOOTER: Readonly<Record<string, 'header' | 'footer'>> = {
  'style:header': 'header',
  'style:header-left': 'header',
  'style:header-first': 'header',
  'style:footer': 'footer',
  'style:footer-left': 'footer',
  'style:footer-first': 'footer',
};

/** Presentation placeholders on a master slide: empty frames, or fields filled per slide. */
const MASTER_FURNITURE = new Set([
  'title',
  'outline',
  'subtitle',
  'notes',
  'page',
  'page-number',
  'date-time',
]);

/** The master pages of styles.xml (`office:document-styles`) by name. */
export function masterPages(styles: XmlNode | undefined): Map<string, XmlNode> {
  const pages = new Map<string, XmlNode>();
  for (const m of elements(element(styles, 'office:master-styles'), 'style:master-page')) {
    pages.set(m.attrs['style:name'] ?? '', m);
  }
  return pages;
}

/**
 * Headers and footers of text and spreadsheet master pages (`style:header`, `style:footer` and their left and
 * first-page variants; `style:region-left/center/right` one per line). Hidden ones (`style:display="false"`)
 * are left out, and so are print-time fields (page numbers, dates, sheet names), which would otherwise repeat
 * a placeholder such as "???".
 */
export function headerFooterTexts(master: XmlNode | undefined): SecondaryText[] {
  const out: SecondaryText[] = [];
  for (const c of elements(master)) {
    const kind = HEADER_FOOTER[c.name];
    if (!kind || c.attrs['style:display'] === 'false') continue;
    const regions = elements(c).filter((r) => r.name.startsWith('style:region-'));
    const text = (regions.length > 0 ? regions : [c])
      .map(fixedText)
      .filter((t) => t !== '')
      .join('\n');
    if (text) out.push({ kind, text });
  }
  return out;
}

/**
 * The fixed words of a header, footer or master-slide paragraph. A paragraph built around a print field that
 * keeps at most one word besides it ("Page 1 of 3", "Page 1 / 3", the sheet name) is left out: it is the default
 * furniture of every LibreOffice document and says nothing about this one.
 */
function fixedText(node: XmlNode): string {
  return [...descendants(node, 'text:p'), ...descendants(node, 'text:h')]
    .flatMap((p) => {
      const text = odfInlineText(p, PRINT_FIELDS)
        .replace(/\?\?\?/gu, '')
        .replace(/\s+/gu, ' ')
        .trim();
      const hasField = [...PRINT_FIELDS].some((f) => descendants(p, f).length > 0);
      // Around a field only words of three letters or more count: "Page 1 of 3" keeps just "Page".
      const words = text.match(hasField ? /[\p{L}\p{N}]{3,}/gu : /[\p{L}\p{N}]+/gu)?.length ?? 0;
      return words > (hasField ? 1 : 0) ? [text] : [];
    })
    .join('\n');
}

/**
 * The text a presentation master slide adds to every slide using it: its footer and header frames (kinds
 * footer and header) and any other text shape that is not a placeholder (kind shape). Title and outline
 * placeholders, slide numbers and dates are left out.
 */
export function masterSlideTexts(master: XmlNode | undefined): SecondaryText[] {
  const out: SecondaryText[] = [];
  const visit = (node: XmlNode | undefined): void => {
    for (const c of elements(node)) {
      if (c.name === 'presentation:notes') continue;
      if (c.name === 'draw:g') {
        visit(c);
        continue;
      }
      if (c.name !== 'draw:frame' && !DRAW_SHAPES.has(c.name)) continue;
      const cls = c.attrs['presentation:class'];
      if (c.attrs['presentation:placeholder'] === 'true' || (cls && MASTER_FURNITURE.has(cls))) continue;
      const text = fixedText(c);
      if (!text) continue;
      out.push({ kind: cls === 'footer' ? 'footer' : cls === 'header' ? 'header' : 'shape', text });
    }
  };
  visit(master);
  return out;
}

/** Footer and header texts declared once for the slides (`presentation:footer-decl`, `header-decl`). */
export function presentationDecls(presentation: XmlNode | undefined): SecondaryText[] {
  const out: SecondaryText[] = [];
  for (const d of elements(presentation)) {
    const kind =
      d.name === 'presentation:footer-decl'
        ? 'footer'
        : d.name === 'presentation:header-decl'
          ? 'header'
          : null;
    const text = kind ? odfInlineText(d) : '';
    if (kind && text) out.push({ kind, text });
  }
  return out;
}
