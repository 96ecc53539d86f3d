import { odfInlineText } from './odf-inline.js';
import { MAX_COLUMNS } from './sheet-writer.js';
import type { SheetRows } from './xlsx-sheets.js';
import { elements, isElement, parseXml, path, type XmlNode } from './xml-tree.js';
import type { ZipParts } from './zip-parts.js';

/**
 * How often one non-empty repeated row is written out. Spreadsheet programs write whole formatted columns as
 * `number-rows-repeated="1048576"`; expanding that would build a million rows of nothing.
 */
const MAX_ROW_REPEAT = 1000;

/** Row containers that may wrap rows in a table:table. */
const ROW_GROUPS = new Set(['table:table-row-group', 'table:table-header-rows', 'table:table-rows']);

/**
 * The sheets of an .ods (content.xml) in order. Repeated rows and cells are expanded only when they hold
 * something, and never past {@link MAX_ROW_REPEAT} rows or {@link MAX_COLUMNS} columns.
 */
export async function* odsSheets(zip: ZipParts, warnings: string[]): AsyncGenerator<SheetRows> {
  const xml = await zip.readText('content.xml');
  if (xml === undefined) return;
  const spreadsheet = path(
    parseXml(xml, 'content.xml'),
    'office:document-content',
    'office:body',
    'office:spreadsheet',
  );
  for (const [i, table] of elements(spreadsheet, 'table:table').entries()) {
    const name = table.attrs['table:name'] ?? `Sheet${i + 1}`;
    yield { name, rows: tableRows(table, name, warnings) };
  }
}

function* tableRows(table: XmlNode, sheet: string, warnings: string[]): Generator<string[]> {
  const clipped = { rows: false, columns: false };
  for (const row of rowsOf(table)) {
    const cells = rowCells(row, clipped);
    if (cells.every((c) => c === '')) continue;
    const repeat = Math.max(1, Number(row.attrs['table:number-rows-repeated'] ?? 1) || 1);
    if (repeat > MAX_ROW_REPEAT) clipped.rows = true;
    for (let r = 0; r < Math.min(repeat, MAX_ROW_REPEAT); r++) yield cells;
  }
  if (clipped.rows)
    warnings.push(`Sheet "${sheet}": a row repeated more than ${MAX_ROW_REPEAT} times was cut short`);
  if (clipped.columns) warnings.push(`Sheet "${sheet}": cells beyond column ${MAX_COLUMNS} were left out`);
}

function* rowsOf(node: XmlNode): Generator<XmlNode> {
  for (const c of elements(node)) {
    if (c.name === 'table:table-row') yield c;
    else if (ROW_GROUPS.has(c.name)) yield* rowsOf(c);
  }
}

function rowCells(row: XmlNode, clipped: { columns: boolean }): string[] {
  const cells: string[] = [];
  // Empty cells only move the column forward; they are written out when a later cell needs the gap filled.
  let col = 0;
  for (const c of row.children) {
    if (!isElement(c) || (c.name !== 'table:table-cell' && c.name !== 'table:covered-table-cell')) continue;
    const repeat = Math.max(1, Number(c.attrs['table:number-columns-repeated'] ?? 1) || 1);
    const text = cellText(c);
    if (text !== '') {
      if (col + repeat > MAX_COLUMNS) clipped.columns = true;
      const until = Math.min(col + repeat, MAX_COLUMNS);
      while (cells.length < col && cells.length < MAX_COLUMNS) cells.push('');
      for (let k = col; k < until; k++) cells.push(text);
    }
    col += repeat;
    if (col >= MAX_COLUMNS) {
      if (text === '' && hasLaterContent(row, c)) clipped.columns = true;
      break;
    }
  }
  return cells;
}

function hasLaterContent(row: XmlNode, after: XmlNode): boolean {
  const rest = row.children.slice(row.children.indexOf(after) + 1);
  return rest.some((c) => isElement(c) && cellText(c) !== '');
}

/** The displayed text of a cell (its paragraphs), else its typed value. */
function cellText(cell: XmlNode): string {
  const paragraphs = elements(cell, 'text:p')
    .map(odfInlineText)
    .filter((t) => t !== '');
  if (paragraphs.length > 0) return paragraphs.join(' ');
  const a = cell.attrs;
  return (
    a['office:value'] ??
    a['office:date-value'] ??
    a['office:time-value'] ??
    a['office:boolean-value'] ??
    a['office:string-value'] ??
    ''
  );
}
