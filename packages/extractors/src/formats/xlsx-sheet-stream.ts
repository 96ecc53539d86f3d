import { MAX_COLUMNS } from './sheet-writer.js';
import { streamXml } from './sheet-xml-stream.js';
import type { CellFormats } from './xlsx-styles.js';
import { formatIsoDate, formatNumber } from './xlsx-number-format.js';

/** What a worksheet's cells need from the rest of the workbook. */
export interface CellContext {
  shared: readonly string[];
  formats: CellFormats;
  date1904: boolean;
}

/** Facts about one streamed worksheet, complete once its rows have been read. */
export interface SheetScan {
  /** Header and footer texts (`headerFooter`), in document order, as written (with `&` codes). */
  headerFooter: { kind: 'header' | 'footer'; text: string }[];
  /** Rows with values beyond the row limit: the first and last row numbers and how many. */
  skipped?: { first: number; last: number; count: number };
  /** Whether cells beyond {@link MAX_COLUMNS} were left out. */
  clipped: boolean;
}

const HEADER_FOOTER: Readonly<Record<string, 'header' | 'footer'>> = {
  oddHeader: 'header',
  evenHeader: 'header',
  firstHeader: 'header',
  oddFooter: 'footer',
  evenFooter: 'footer',
  firstFooter: 'footer',
};

/** `x:row` → `row`: some writers prefix the SpreadsheetML namespace. */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * Streams the rows of a worksheet part as arrays of displayed cell texts (sparse columns filled with ''),
 * at most `maxRows` rows with values; later rows are only counted into `scan.skipped`. Numbers and dates are
 * shown through their cell style's number format; shared and inline strings (rich runs joined, phonetic
 * `rPh` runs left out), booleans as TRUE/FALSE, errors and formula results as their cached text.
 */
export function streamSheetRows(
  source: NodeJS.ReadableStream,
  part: string,
  ctx: CellContext,
  maxRows: number,
  scan: SheetScan,
): AsyncGenerator<string[]> {
  return streamXml<string[]>(source, part, (emit) => {
    let rowNumber = 0;
    let emitted = 0;
    let cells: string[] = [];
    let hasValue = false;
    let col = 0;
    let cell: { t?: string; s?: string } | null = null;
    let value = '';
    let inline = '';
    // Where character data goes: the cell's <v>, an inline string's <t>, or a header/footer element.
    let sink: 'v' | 't' | 'hf' | null = null;
    let phonetic = 0;
    let hf = '';
    const overLimit = (): boolean => emitted >= maxRows;
    return {
      open(name, attrs) {
        switch (local(name)) {
          case 'row':
            rowNumber = Number(attrs.r) || rowNumber + 1;
            cells = [];
            col = 0;
            hasValue = false;
            return;
          case 'c': {
            const ref = attrs.r ? columnIndex(attrs.r) : null;
            col = ref ?? col;
            cell = { t: attrs.t, s: attrs.s };
            value = '';
            inline = '';
            return;
          }
          case 'v':
            if (cell) sink = 'v';
            return;
          case 'rPh':
            phonetic++;
            return;
          case 't':
            if (cell && phonetic === 0) sink = 't';
            return;
          default:
            if (HEADER_FOOTER[local(name)]) {
              sink = 'hf';
              hf = '';
            }
        }
      },
      text(t) {
        if (sink === 'v') value += t;
        else if (sink === 't') inline += t;
        else if (sink === 'hf') hf += t;
      },
      close(name) {
        const n = local(name);
        if (n === 'v' || n === 't') sink = null;
        else if (n === 'rPh') phonetic--;
        else if (n === 'c' && cell) {
          if (value !== '' || inline !== '') hasValue = true;
          if (!overLimit()) {
            if (col >= MAX_COLUMNS) scan.clipped = true;
            else {
              while (cells.length < col) cells.push('');
              cells[col] = cellText(cell, value, inline, ctx);
            }
          }
          col++;
          cell = null;
        } else if (n === 'row') {
          if (!hasValue) return;
          if (overLimit()) {
            const s = (scan.skipped ??= { first: rowNumber, last: rowNumber, count: 0 });
            s.last = rowNumber;
            s.count++;
          } else {
            emitted++;
            emit(cells);
          }
        } else if (HEADER_FOOTER[n]) {
          sink = null;
          if (hf.trim() !== '') scan.headerFooter.push({ kind: HEADER_FOOTER[n], text: hf });
        }
      },
    };
  });
}

function cellText(cell: { t?: string; s?: string }, v: string, inline: string, ctx: CellContext): string {
  const pattern = (): string | undefined => ctx.formats(Number(cell.s ?? 0));
  switch (cell.t) {
    case 's':
      return ctx.shared[Number(v)] ?? '';
    case 'inlineStr':
      return inline;
    case 'b':
      return v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : v;
    case 'e':
    case 'str':
      return v;
    case 'd':
      return formatIsoDate(v, pattern());
    default:
      return formatNumber(v, pattern(), ctx.date1904);
  }
}

/** Zero-based column of an A1 reference (`C7` → 2), or null when it has no letters. */
export function columnIndex(ref: string): number | null {
  const letters = /^\$?([A-Za-z]{1,3})/u.exec(ref)?.[1];
  if (!letters) return null;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
