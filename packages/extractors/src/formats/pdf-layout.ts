import { buildLines, type Line } from './pdf-lines.js';
import { findTables } from './pdf-tables.js';
import { tableRow } from '../table-text.js';

/** The parts of a pdf.js text item the layout needs. */
export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, e, f]: e/f are the baseline origin, |(c, d)| the font's vertical size. */
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

/** A paragraph or table of a page, with what heading detection needs to know about it. */
export interface PdfBlock {
  kind: 'paragraph' | 'table';
  /** A paragraph's lines joined; a table's rows on lines, cells separated by ` | `. */
  text: string;
  /** The largest font size in the block. */
  size: number;
  lines: number;
}

/**
 * Lays one page's text items out as blocks: lines (pdf-lines.ts) that form a table (pdf-tables.ts) become a
 * table block, and the other lines form paragraphs until the vertical gap grows beyond the page's usual line
 * spacing, the font size jumps, or the text moves back up (a new column).
 */
export function layoutPage(items: Iterable<PdfTextItem>): PdfBlock[] {
  const lines = buildLines(items);
  if (lines.length === 0) return [];
  const spacing = typicalSpacing(lines);
  const tables = findTables(lines);
  const blocks: PdfBlock[] = [];
  let current: Line[] = [];
  const flush = (): void => {
    const text = joinLines(current.map((l) => l.text));
    if (text !== '') {
      const size = Math.max(...current.map((l) => l.size));
      blocks.push({ kind: 'paragraph', text, size, lines: current.length });
    }
    current = [];
  };
  let t = 0;
  for (let i = 0; i < lines.length; i++) {
    const table = tables[t];
    if (table?.start === i) {
      flush();
      const rows = lines.slice(table.start, table.end);
      blocks.push({
        kind: 'table',
        text: table.rows.map((cells) => tableRow(cells)).join('\n'),
        size: Math.max(...rows.map((l) => l.size)),
        lines: rows.length,
      });
      i = table.end - 1;
      t++;
      continue;
    }
    const line = lines[i]!;
    const prev = current[current.length - 1];
    if (prev && startsParagraph(prev, line, spacing)) flush();
    current.push(line);
  }
  flush();
  return blocks;
}

/** The text of each block of a page (see {@link layoutPage}). */
export function layoutParagraphs(items: Iterable<PdfTextItem>): string[] {
  return layoutPage(items).map((b) => b.text);
}

/**
 * The page's line spacing: the lower median of baseline distances between consecutive lines of similar size
 * (lower, because with few lines the paragraph gaps would otherwise pass for the spacing).
 */
function typicalSpacing(lines: Line[]): number | null {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    const gap = a.y - b.y;
    if (gap > 0 && gap < 3 * a.size && Math.abs(a.size - b.size) < 0.1 * a.size) gaps.push(gap);
  }
  if (gaps.length === 0) return null;
  gaps.sort((p, q) => p - q);
  return gaps[Math.floor((gaps.length - 1) / 2)]!;
}

function startsParagraph(prev: Line, line: Line, spacing: number | null): boolean {
  const gap = prev.y - line.y;
  const size = Math.max(prev.size, line.size);
  if (gap < -0.5 * size) return true;
  if (Math.abs(prev.size - line.size) > 0.2 * Math.min(prev.size, line.size)) return true;
  const threshold = spacing === null ? 1.5 * size : Math.max(spacing * 1.3, 1.05 * size);
  return gap > threshold;
}

/** Joins a paragraph's lines, undoing hyphenation at line ends (`hyphen-` + `ated` → `hyphenated`). */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const line of lines) {
    if (out === '') out = line;
    else if (/\u00AD$/u.test(out)) out = out.slice(0, -1) + line;
    else if (/\p{L}-$/u.test(out) && /^\p{Ll}/u.test(line)) out = out.slice(0, -1) + line;
    else out += ' ' + line;
  }
  return out;
}

/**
 * Parses a PDF date string (`D:YYYYMMDDHHmmSSOHH'mm'`, all parts after the year optional) into ISO 8601,
 * or undefined when it does not parse.
 */
export function parsePdfDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m =
    /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?/u.exec(
      value.trim(),
    );
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const offset = !sign || sign === 'Z' || sign === 'z' ? 'Z' : `${sign}${oh}:${om}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
