import { byPartNumber, readRels } from './ooxml-rels.js';
import { MAX_COLUMNS } from './sheet-writer.js';
import { element, elements, isElement, parseXml, path, textContent, type XmlNode } from './xml-tree.js';
import type { ZipParts } from './zip-parts.js';

/** One worksheet: its tab name and its rows of cell texts (sparse columns filled with ''). */
export interface SheetRows {
  name: string;
  rows: Iterable<string[]>;
}

/**
 * The worksheets of an .xlsx in tab order (workbook.xml), each parsed only when reached. Cell values:
 * shared strings (rich text runs joined, phonetic runs left out), inline strings, numbers and dates as
 * stored, booleans as TRUE/FALSE, errors and formula strings as their cached text.
 */
export async function* xlsxSheets(zip: ZipParts, warnings: string[]): AsyncGenerator<SheetRows> {
  const shared = await sharedStrings(zip);
  for (const sheet of await sheetList(zip)) {
    const xml = await zip.readText(sheet.part);
    if (xml === undefined) {
      warnings.push(`Sheet "${sheet.name}" is listed in the workbook but its part ${sheet.part} is missing`);
      continue;
    }
    const data = path(parseXml(xml, sheet.part), 'worksheet', 'sheetData');
    yield { name: sheet.name, rows: sheetRows(data, shared, sheet.name, warnings) };
  }
}

async function sheetList(zip: ZipParts): Promise<{ name: string; part: string }[]> {
  const xml = await zip.readText('xl/workbook.xml');
  if (xml) {
    const rels = await readRels(zip, 'xl/workbook.xml');
    const sheets = elements(path(parseXml(xml, 'xl/workbook.xml'), 'workbook', 'sheets'), 'sheet');
    const list = sheets
      .map((s) => ({ name: s.attrs.name ?? '', part: rels.get(s.attrs['r:id'] ?? '')?.target ?? '' }))
      .filter((s) => s.part !== '');
    if (list.length > 0) return list;
  }
  return zip
    .names()
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/u.test(n))
    .sort(byPartNumber)
    .map((part, i) => ({ name: `Sheet${i + 1}`, part }));
}

async function sharedStrings(zip: ZipParts): Promise<string[]> {
  const rels = await readRels(zip, 'xl/workbook.xml');
  const part =
    [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target ?? 'xl/sharedStrings.xml';
  const xml = await zip.readText(part);
  if (!xml) return [];
  return elements(path(parseXml(xml, part), 'sst'), 'si').map(richText);
}

/** Text of a string item (`si` or `is`): a plain `t`, or the `t` of each run; `rPh` phonetic hints are skipped. */
function richText(node: XmlNode): string {
  let s = '';
  for (const c of node.children) {
    if (!isElement(c)) continue;
    if (c.name === 't') s += textContent(c);
    else if (c.name === 'r') s += textContent(element(c, 't'));
  }
  return s;
}

function* sheetRows(
  data: XmlNode | undefined,
  shared: string[],
  sheet: string,
  warnings: string[],
): Generator<string[]> {
  let clipped = false;
  for (const row of elements(data, 'row')) {
    const cells: string[] = [];
    let col = 0;
    for (const c of elements(row, 'c')) {
      const ref = c.attrs.r ? columnIndex(c.attrs.r) : null;
      col = ref ?? col;
      if (col >= MAX_COLUMNS) {
        clipped = true;
        break;
      }
      while (cells.length < col) cells.push('');
      cells[col] = cellText(c, shared);
      col++;
    }
    yield cells;
  }
  if (clipped) warnings.push(`Sheet "${sheet}": cells beyond column ${MAX_COLUMNS} were left out`);
}

function cellText(c: XmlNode, shared: string[]): string {
  const v = textContent(element(c, 'v'));
  switch (c.attrs.t) {
    case 's':
      return shared[Number(v)] ?? '';
    case 'inlineStr':
      return richText(element(c, 'is') ?? c);
    case 'b':
      return v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : v;
    default:
      return v;
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
