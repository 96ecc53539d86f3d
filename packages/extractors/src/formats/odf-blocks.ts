import type { TextBuilder } from '../text-builder.js';
import { odfInlineText } from './odf-inline.js';
import { MAX_COLUMNS } from './sheet-writer.js';
import { descendants, elements, type XmlNode } from './xml-tree.js';

/** Elements whose content would repeat or misplace text: generated indexes, change tracking, declarations. */
const SKIPPED = new Set([
  'text:table-of-content',
  'text:illustration-index',
  'text:alphabetical-index',
  'text:object-index',
  'text:user-index',
  'text:table-index',
  'text:bibliography',
  'text:tracked-changes',
  'text:sequence-decls',
  'text:variable-decls',
  'text:user-field-decls',
  'office:forms',
  'office:annotation',
]);
/** Elements that only group blocks. */
const CONTAINERS = new Set(['text:section', 'draw:text-box', 'draw:frame', 'draw:g', 'text:index-body']);

/** Style name → heading level, from explicit outline levels or the built-in "Heading N" styles. */
export type HeadingLevels = (styleName: string | undefined) => number | undefined;

/**
 * Builds the heading-level lookup from the paragraph styles of content.xml (automatic) and styles.xml
 * (common): a style is a heading when it or a parent has `default-outline-level`, or is named "Heading N"
 * (documents converted from Word keep Word's heading styles without outline levels), or "Title" (level 1).
 */
export function headingLevels(...styleRoots: (XmlNode | undefined)[]): HeadingLevels {
  const styles = new Map<string, { parent?: string; display?: string; outline?: number }>();
  for (const root of styleRoots) {
    for (const s of elements(root, 'style:style')) {
      const name = s.attrs['style:name'];
      if (!name) continue;
      const outline = Number(s.attrs['style:default-outline-level']);
      styles.set(name, {
        parent: s.attrs['style:parent-style-name'],
        display: s.attrs['style:display-name'],
        outline: Number.isInteger(outline) && outline > 0 ? outline : undefined,
      });
    }
  }
  return (styleName) => {
    let name = styleName;
    for (let hops = 0; name && hops < 16; hops++) {
      const style = styles.get(name);
      if (style?.outline) return Math.min(style.outline, 6);
      const named =
        /^Heading(?:_20_| )?([1-6])$/u.exec(style?.display ?? name)?.[1] ??
        /^Heading_20_([1-6])$/u.exec(name)?.[1];
      if (named) return Number(named);
      if (name === 'Title') return 1;
      name = style?.parent;
    }
    return undefined;
  };
}

/** Walks ODF body content (office:text, a text box, a cell) into blocks. */
export class OdfBlockWriter {
  constructor(
    private readonly builder: TextBuilder,
    private readonly levels: HeadingLevels,
  ) {}

  body(node: XmlNode | undefined): void {
    for (const c of elements(node)) this.element(c);
  }

  private element(c: XmlNode): void {
    if (SKIPPED.has(c.name)) return;
    switch (c.name) {
      case 'text:h': {
        const level = Number(c.attrs['text:outline-level'] ?? 1) || 1;
        this.builder.add('heading', odfInlineText(c).replace(/\n/gu, ' '), {
          level: Math.min(Math.max(level, 1), 6),
        });
        this.frames(c);
        return;
      }
      case 'text:p': {
        const level = this.levels(c.attrs['text:style-name']);
        if (level) this.builder.add('heading', odfInlineText(c).replace(/\n/gu, ' '), { level });
        else this.builder.add('paragraph', odfInlineText(c));
        this.frames(c);
        return;
      }
      case 'text:list':
        this.builder.add('list', listLines(c, 0).join('\n'));
        return;
      case 'table:table':
        this.builder.add('table', tableRows(c).join('\n'));
        return;
      default:
        if (CONTAINERS.has(c.name)) this.body(c);
    }
  }

  /** Text boxes anchored inside a paragraph come after it. */
  private frames(p: XmlNode): void {
    for (const box of descendants(p, 'draw:text-box')) this.body(box);
  }
}

function listLines(list: XmlNode, depth: number): string[] {
  const lines: string[] = [];
  for (const item of elements(list)) {
    if (item.name !== 'text:list-item' && item.name !== 'text:list-header') continue;
    const own: string[] = [];
    const nested: string[] = [];
    for (const c of elements(item)) {
      if (c.name === 'text:p' || c.name === 'text:h') own.push(odfInlineText(c).replace(/\n/gu, ' '));
      else if (c.name === 'text:list') nested.push(...listLines(c, depth + 1));
    }
    const text = own.filter(Boolean).join(' ');
    if (text) lines.push(`${'  '.repeat(depth)}- ${text}`);
    lines.push(...nested);
  }
  return lines;
}

/** Rows of a text or presentation table as `cell | cell` lines; empty rows dropped, repeats bounded. */
export function tableRows(table: XmlNode): string[] {
  const rows: string[] = [];
  const visit = (node: XmlNode): void => {
    for (const c of elements(node)) {
      if (c.name === 'table:table-row') {
        const cells: string[] = [];
        for (const cell of elements(c)) {
          if (cell.name !== 'table:table-cell' && cell.name !== 'table:covered-table-cell') continue;
          const repeat = Math.min(
            Number(cell.attrs['table:number-columns-repeated'] ?? 1) || 1,
            MAX_COLUMNS - cells.length,
          );
          const text = cellText(cell);
          for (let k = 0; k < repeat; k++) cells.push(text);
        }
        while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
        if (cells.length > 0) rows.push(cells.join(' | ').trim());
      } else if (['table:table-header-rows', 'table:table-rows', 'table:table-row-group'].includes(c.name))
        visit(c);
    }
  };
  visit(table);
  return rows;
}

function cellText(cell: XmlNode): string {
  const parts: string[] = [];
  for (const c of elements(cell)) {
    if (c.name === 'text:p' || c.name === 'text:h') parts.push(odfInlineText(c));
    else if (c.name === 'text:list') parts.push(...listLines(c, 0).map((l) => l.replace(/^\s*- /u, '')));
    else if (c.name === 'table:table') parts.push(...tableRows(c));
  }
  return parts.join(' ').replace(/\s+/gu, ' ').trim();
}
