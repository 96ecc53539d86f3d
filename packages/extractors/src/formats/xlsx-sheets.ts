import { byPartNumber, readRels, type OoxmlRel } from './ooxml-rels.js';
import type { SecondaryText } from '../secondary-texts.js';
import { MAX_COLUMNS, type SheetSource } from './sheet-writer.js';
import { headerFooterText } from './xlsx-header-footer.js';
import { readSharedStrings } from './xlsx-shared-strings.js';
import { readPersons, xlsxSheetExtras } from './xlsx-sheet-extras.js';
import { streamSheetRows, type CellContext, type SheetScan } from './xlsx-sheet-stream.js';
import { readCellFormats } from './xlsx-styles.js';
import { element, elements, parseXml, path } from './xml-tree.js';
import type { ZipParts } from './zip-parts.js';

export { columnIndex } from './xlsx-sheet-stream.js';

/** Rows with values read per sheet unless the caller says otherwise; later rows are counted, not extracted. */
export const DEFAULT_MAX_ROWS_PER_SHEET = 100_000;

/**
 * The worksheets of an .xlsx in tab order (workbook.xml), each streamed only when reached, with cell values
 * as Excel displays them (number formats from styles.xml, the 1904 date system when the workbook uses it),
 * and after its rows the sheet's headers and footers, comments, shapes and charts.
 */
export async function* xlsxSheets(
  zip: ZipParts,
  warnings: string[],
  maxRows = DEFAULT_MAX_ROWS_PER_SHEET,
): AsyncGenerator<SheetSource> {
  const workbook = await readWorkbook(zip);
  const ctx: CellContext = {
    shared: await readSharedStrings(zip, workbook.rels),
    formats: await readCellFormats(zip, workbook.rels),
    date1904: workbook.date1904,
  };
  let persons: Promise<Map<string, string>> | undefined;
  const lazyPersons = (): Promise<Map<string, string>> => (persons ??= readPersons(zip, workbook.rels));
  for (const sheet of workbook.sheets) {
    const source = await zip.stream(sheet.part);
    if (source === undefined) {
      warnings.push(`Sheet "${sheet.name}" is listed in the workbook but its part ${sheet.part} is missing`);
      continue;
    }
    const scan: SheetScan = { headerFooter: [], clipped: false };
    yield {
      name: sheet.name,
      rows: streamSheetRows(source, sheet.part, ctx, maxRows, scan),
      secondary: async (): Promise<SecondaryText[]> => {
        if (scan.clipped)
          warnings.push(`Sheet "${sheet.name}": cells beyond column ${MAX_COLUMNS} were left out`);
        if (scan.skipped) {
          const { first, last } = scan.skipped;
          warnings.push(
            `Sheet "${sheet.name}": rows ${first}–${last} not extracted (${scan.skipped.count} rows past the limit of ${maxRows})`,
          );
        }
        const headerFooter = scan.headerFooter
          .map(({ kind, text }) => ({ kind, text: headerFooterText(text) }))
          .filter((h) => h.text !== '');
        return [...headerFooter, ...(await xlsxSheetExtras(zip, sheet.part, lazyPersons))];
      },
    };
  }
}

interface Workbook {
  sheets: { name: string; part: string }[];
  rels: Map<string, OoxmlRel>;
  date1904: boolean;
}

async function readWorkbook(zip: ZipParts): Promise<Workbook> {
  const xml = await zip.readText('xl/workbook.xml');
  const rels = await readRels(zip, 'xl/workbook.xml');
  if (xml) {
    const root = path(parseXml(xml, 'xl/workbook.xml'), 'workbook');
    const pr = element(root, 'workbookPr')?.attrs.date1904;
    const date1904 = pr === '1' || pr === 'true';
    const sheets = elements(element(root, 'sheets'), 'sheet')
      .map((s) => ({ name: s.attrs.name ?? '', part: rels.get(s.attrs['r:id'] ?? '')?.target ?? '' }))
      .filter((s) => s.part !== '');
    if (sheets.length > 0) return { sheets, rels, date1904 };
  }
  const sheets = zip
    .names()
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/u.test(n))
    .sort(byPartNumber)
    .map((part, i) => ({ name: `Sheet${i + 1}`, part }));
  return { sheets, rels, date1904: false };
}
