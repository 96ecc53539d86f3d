import type { TextBuilder } from '../text-builder.js';

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
    const line = tidy.join(' | ').trim();
    if (this.header === null) {
      this.header = line;
      return;
    }
    this.rows.push(line);
    if (this.rows.length === ROWS_PER_TABLE_BLOCK - 1) this.flush();
  }

  /** Writes the rows still buffered; call once after the last row. */
  end(): void {
    if (this.rows.length > 0 || (this.header !== null && this.blocks === 0)) this.flush();
  }

  private flush(): void {
    if (this.header === null) return;
    this.builder.add('table', [this.header, ...this.rows].join('\n'));
    this.rows = [];
    this.blocks++;
  }
}
