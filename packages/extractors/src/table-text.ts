/**
 * How every extractor writes a table row: cells separated by a tab, rows by a newline. A tab reads as a column
 * break to people and to language models, survives whitespace-collapsing search (a phrase that runs across
 * cells is still found, as Tika's tab-separated output is), and never collides with cell text the way a `|`
 * does.
 */
export const TABLE_CELL_SEPARATOR = '\t';

/** One row of a table block: each cell's whitespace collapsed, then joined with the cell separator. */
export function tableRow(cells: readonly string[]): string {
  return cells
    .map((cell) => cell.replace(/\s+/gu, ' ').trim())
    .join(TABLE_CELL_SEPARATOR)
    .trimEnd();
}
