import { SecondaryTexts, type SecondaryText } from '../secondary-texts.js';
import type { TextBuilder } from '../text-builder.js';
import { tableRow } from '../table-text.js';

/** One sheet as read from a workbook: its tab name, its rows of displayed cell texts, and the text around them. */
export interface SheetSource {
  name: string;
  /** Rows of cell texts (sparse columns filled with ''), read lazily. */
  rows: AsyncIterable<string[]> | Iterable<string[]>;
  /** The sheet's secondary text; call after the rows have been read (streamed sheets learn it on the way). */
  secondary(): Promise<SecondaryText[]>;
}

/** Lines per table block, the repeated header row included, so each block stands alone as a chunk. */
export const ROWS_PER_TABLE_BLOCK = 50;
/** Columns kept per row; beyond this a sheet is not a table a reader could follow anyway. */
export const MAX_COLUMNS = 1024;

/**
 * Writes one sheet as a page: its name as a level-1 heading, then its non-empty rows as `cell | cell` lines
 * in table blocks of at most {@link ROWS_PER_TABLE_BLOCK} lines, each starting with the sheet's first
 * non-empty row (the header).
 */
export class SheetWriter {
  private header: string | null = null;
  private rows: string[] = [];
  private blocks = 0;

  constructor(
    private readonly builder: TextBuilder,
    page: number,
    name: string,
  ) {
    builder.startPage(page);
    builder.add('heading', name.trim() || `Sheet ${page}`, { level: 1 });
  }

  /** Adds a row of cell texts (trailing empty cells and all-empty rows are dropped). */
  row(cells: readonly string[]): void {
    const tidy = cells.slice(0, MAX_COLUMNS).map((c) => c.replace(/\s+/gu, ' ').trim());
    while (tidy.length > 0 && tidy[tidy.length - 1] === '') tidy.pop();
    if (tidy.length === 0) return;
    const line = tableRow(tidy);
    if (this.header === null) {
      this.header = line;
      return;
    }
    this.rows.push(line);
    if (this.rows.length === ROWS_PER_TABLE_BLOCK - 1) this.flush();
  }

  /**
   * Writes the rows still buffered, then the sheet's secondary text after its cells. Headers and footers
   * already written for an earlier sheet (`written`, shared across the workbook) are not repeated; other
   * identical texts are written once per sheet. Call once after the last row.
   */
  end(secondary: readonly SecondaryText[] = [], written = new SecondaryTexts()): void {
    if (this.rows.length > 0 || (this.header !== null && this.blocks === 0)) this.flush();
    const own = new SecondaryTexts();
    for (const { kind, text } of secondary) {
      const once = kind === 'header' || kind === 'footer' ? written : own;
      if (once.add(kind, text)) this.builder.add(kind, text.trim());
    }
  }

  private flush(): void {
    if (this.header === null) return;
    this.builder.add('table', [this.header, ...this.rows].join('\n'));
    this.rows = [];
    this.blocks++;
  }
}
