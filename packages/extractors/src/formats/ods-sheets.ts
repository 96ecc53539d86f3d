import { odfInlineText } from './odf-inline.js';
import { headerFooterTexts, masterPages } from './odf-master-pages.js';
import {
  chartsUnder,
  DRAW_SHAPES,
  inlineSecondary,
  readChartObjects,
  type ChartTexts,
} from './odf-secondary.js';
import type { SecondaryText } from '../secondary-texts.js';
import { MAX_COLUMNS, type SheetSource } from './sheet-writer.js';
import { descendants, element, elements, isElement, parseXml, path, type XmlNode } from './xml-tree.js';
import type { ZipParts } from './zip-parts.js';

/**
 * How often one non-empty repeated row is written out. Spreadsheet programs write whole formatted columns as
 * `number-rows-repeated="1048576"`; expanding that would build a million rows of nothing.
 */
const MAX_ROW_REPEAT = 1000;

/** Row containers that may wrap rows in a table:table. */
const ROW_GROUPS = new Set(['table:table-row-group', 'table:table-header-rows', 'table:table-rows']);

/**
 * The sheets of an .ods (content.xml) in order, with cells as displayed (the text LibreOffice stores with each
 * cell, which has its number format applied). Repeated rows and cells are expanded only when they hold
 * something, and never past {@link MAX_ROW_REPEAT} rows or {@link MAX_COLUMNS} columns; at most `maxRows` rows
 * with values per sheet. After its rows, each sheet has the header and footer of its master page, its
 * comments, shapes and charts.
 */
export async function* odsSheets(
  zip: ZipParts,
  warnings: string[],
  maxRows = Infinity,
): AsyncGenerator<SheetSource> {
  const xml = await zip.readText('content.xml');
  if (xml === undefined) return;
  const content = path(parseXml(xml, 'content.xml'), 'office:document-content');
  const spreadsheet = path(content, 'office:body', 'office:spreadsheet');
  const stylesXml = await zip.readText('styles.xml');
  const masters = masterPages(
    stylesXml ? path(parseXml(stylesXml, 'styles.xml'), 'office:document-styles') : undefined,
  );
  const tableMasters = new Map<string, string>();
  for (const s of elements(element(content, 'office:automatic-styles'), 'style:style')) {
    const master = s.attrs['style:master-page-name'];
    if (s.attrs['style:family'] === 'table' && master) tableMasters.set(s.attrs['style:name'] ?? '', master);
  }
  const charts = await readChartObjects(zip);
  for (const [i, table] of elements(spreadsheet, 'table:table').entries()) {
    const name = table.attrs['table:name'] ?? `Sheet${i + 1}`;
    const master = masters.get(tableMasters.get(table.attrs['table:style-name'] ?? '') ?? 'Default');
    yield {
      name,
      rows: tableRows(table, name, warnings, maxRows),
      secondary: () => Promise.resolve([...headerFooterTexts(master), ...tableExtras(table, charts)]),
    };
  }
}

function* tableRows(table: XmlNode, sheet: string, warnings: string[], maxRows: number): Generator<string[]> {
  const clipped = { rows: false, columns: false };
  let rowNumber = 0;
  let emitted = 0;
  const skipped = { first: 0, last: 0 };
  for (const row of rowsOf(table)) {
    const repeat = Math.max(1, Number(row.attrs['table:number-rows-repeated'] ?? 1) || 1);
    const first = rowNumber + 1;
    rowNumber += repeat;
    const cells = rowCells(row, clipped);
    if (cells.every((c) => c === '')) continue;
    if (repeat > MAX_ROW_REPEAT) clipped.rows = true;
    for (let r = 0; r < Math.min(repeat, MAX_ROW_REPEAT); r++) {
      if (emitted < maxRows) {
        emitted++;
        yield cells;
      } else {
        skipped.first ||= first + r;
        skipped.last = first + r;
      }
    }
  }
  if (clipped.rows)
    warnings.push(`Sheet "${sheet}": a row repeated more than ${MAX_ROW_REPEAT} times was cut short`);
  if (clipped.columns) warnings.push(`Sheet "${sheet}": cells beyond column ${MAX_COLUMNS} were left out`);
  if (skipped.first > 0)
    warnings.push(
      `Sheet "${sheet}": rows ${skipped.first}–${skipped.last} not extracted (past the limit of ${maxRows} rows)`,
    );
}

/** Comments in cells, text of shapes (in cells or the sheet's `table:shapes`) and charts of one sheet. */
function tableExtras(table: XmlNode, charts: ChartTexts): SecondaryText[] {
  const notes = inlineSecondary(table);
  const shapes: SecondaryText[] = [];
  const visit = (node: XmlNode): void => {
    for (const c of elements(node)) {
      if (c.name === 'office:annotation' || c.name === 'text:note') continue;
      if (c.name === 'draw:text-box' || DRAW_SHAPES.has(c.name)) {
        const text = descendants(c, 'text:p')
          .map((p) => odfInlineText(p))
          .filter((t) => t !== '')
          .join('\n');
        if (text) shapes.push({ kind: 'shape', text });
      } else visit(c);
    }
  };
  visit(table);
  return [...notes, ...shapes, ...chartsUnder(table, charts)];
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
    .map((p) => odfInlineText(p))
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
