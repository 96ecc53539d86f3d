import type { TextBuilder } from '../text-builder.js';
import { odfInlineText } from './odf-inline.js';
import { listLabel, type ListLevelStyle, type ListStyles } from './odf-list-numbering.js';
import {
  annotationText,
  chartsUnder,
  DRAW_SHAPES,
  inlineSecondary,
  type ChartTexts,
} from './odf-secondary.js';
import { SecondaryTexts, type SecondaryText } from '../secondary-texts.js';
import { MAX_COLUMNS } from './sheet-writer.js';
import { elements, isElement, type XmlNode } from './xml-tree.js';
import { tableRow } from '../table-text.js';

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
  'office:annotation-end',
]);
/** Elements that only group blocks. */
const CONTAINERS = new Set(['text:section', 'draw:frame', 'draw:g', 'text:index-body']);

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

/**
 * Walks ODF body content (office:text, a text box, a cell) into blocks. Text boxes and shapes anchored in a
 * paragraph follow it as `shape` blocks; footnotes, endnotes, comments and charts met on the way are kept
 * back (as `note`, `comment`, `chart`) until {@link flushSecondary}, so they come after the body they annotate.
 */
export class OdfBlockWriter {
  private pending: SecondaryText[] = [];
  /** Inside a text box or shape of a text document: its paragraphs are shape text, not body text. */
  private inShape = 0;

  constructor(
    private readonly builder: TextBuilder,
    private readonly levels: HeadingLevels,
    private readonly charts: ChartTexts = () => '',
    private readonly lists: ListStyles = () => undefined,
  ) {}

  body(node: XmlNode | undefined): void {
    for (const c of elements(node)) this.element(c);
  }

  /** Keeps a secondary text for the next {@link flushSecondary}. */
  hold(items: readonly SecondaryText[]): void {
    this.pending.push(...items);
  }

  /** Holds the charts embedded anywhere under `node`. */
  holdCharts(node: XmlNode): void {
    this.hold(chartsUnder(node, this.charts));
  }

  /** Writes the notes, comments and charts held so far (identical ones once) and forgets them. */
  flushSecondary(): void {
    new SecondaryTexts().addAll(this.pending).writeTo(this.builder);
    this.pending = [];
  }

  private element(c: XmlNode): void {
    if (SKIPPED.has(c.name)) return;
    switch (c.name) {
      case 'text:h': {
        const level = Number(c.attrs['text:outline-level'] ?? 1) || 1;
        const text = odfInlineText(c).replace(/\n/gu, ' ');
        if (this.inShape > 0) this.builder.add('shape', text);
        else this.builder.add('heading', text, { level: Math.min(Math.max(level, 1), 6) });
        this.anchored(c);
        return;
      }
      case 'text:p': {
        const level = this.inShape > 0 ? undefined : this.levels(c.attrs['text:style-name']);
        if (level) this.builder.add('heading', odfInlineText(c).replace(/\n/gu, ' '), { level });
        else this.builder.add(this.inShape > 0 ? 'shape' : 'paragraph', odfInlineText(c));
        this.anchored(c);
        return;
      }
      case 'text:list':
        this.builder.add('list', listLines(c, 0, numberingOf(c, this.lists)).join('\n'));
        this.hold(inlineSecondary(c));
        return;
      case 'table:table':
        this.builder.add('table', tableRows(c).join('\n'));
        this.hold(inlineSecondary(c));
        this.hold(chartsUnder(c, this.charts));
        return;
      case 'office:annotation': {
        const text = annotationText(c);
        if (text) this.pending.push({ kind: 'comment', text });
        return;
      }
      default:
        if (CONTAINERS.has(c.name)) this.body(c);
        else if (c.name === 'draw:text-box' || DRAW_SHAPES.has(c.name)) this.shape(c);
    }
  }

  /** What a paragraph anchors: notes and comments (held), text boxes and shapes (after it), charts (held). */
  private anchored(p: XmlNode): void {
    this.hold(inlineSecondary(p));
    this.hold(chartsUnder(p, this.charts));
    const visit = (node: XmlNode): void => {
      for (const c of node.children) {
        if (!isElement(c) || c.name === 'text:note' || c.name === 'office:annotation') continue;
        if (c.name === 'draw:text-box' || DRAW_SHAPES.has(c.name)) this.shape(c);
        else visit(c);
      }
    };
    visit(p);
  }

  private shape(node: XmlNode): void {
    this.inShape++;
    try {
      this.body(node);
    } finally {
      this.inShape--;
    }
  }
}

/** Running counters of a numbered list; `unknown` once a construct makes the numbers uncertain. */
interface Numbering {
  levels: readonly (ListLevelStyle | undefined)[];
  counters: number[];
  unknown: boolean;
}

/**
 * The numbering of a top-level list from its style, or undefined (plain `-` markers) when the style has no
 * numbered level or the list continues an earlier one, whose count is not followed here.
 */
function numberingOf(list: XmlNode, lists: ListStyles): Numbering | undefined {
  if (list.attrs['text:continue-numbering'] === 'true' || list.attrs['text:continue-list']) return undefined;
  const levels = lists(list.attrs['text:style-name']);
  if (!levels?.some(Boolean)) return undefined;
  return { levels, counters: [], unknown: false };
}

function listLines(list: XmlNode, depth: number, numbering?: Numbering): string[] {
  const lines: string[] = [];
  for (const item of elements(list)) {
    if (item.name !== 'text:list-item' && item.name !== 'text:list-header') continue;
    const children = elements(item);
    if (numbering && item.name === 'text:list-item') {
      // An item that opens with a sublist shows no label; whether it counts is not settled, so stop numbering.
      if (children[0]?.name === 'text:list') numbering.unknown = true;
      const start = Number(item.attrs['text:start-value']);
      const previous = numbering.counters[depth];
      numbering.counters[depth] =
        Number.isInteger(start) && start > 0
          ? start
          : previous === undefined
            ? (numbering.levels[depth]?.start ?? 1)
            : previous + 1;
      numbering.counters.length = depth + 1;
    }
    const own: string[] = [];
    const nested: string[] = [];
    for (const c of children) {
      if (c.name === 'text:p' || c.name === 'text:h') own.push(odfInlineText(c).replace(/\n/gu, ' '));
      else if (c.name === 'text:list') nested.push(...listLines(c, depth + 1, numbering));
    }
    const text = own.filter(Boolean).join(' ');
    const label =
      numbering && !numbering.unknown && item.name === 'text:list-item'
        ? listLabel(numbering.levels, numbering.counters, depth)
        : undefined;
    if (text) lines.push(`${'  '.repeat(depth)}${label ?? '-'} ${text}`);
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
        if (cells.length > 0) rows.push(tableRow(cells));
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
