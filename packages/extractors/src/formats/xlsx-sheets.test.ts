import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { writeZip } from '../testing/zip-writer.js';
import { SpreadsheetExtractor } from './spreadsheet.extractor.js';

const CORPUS = fileURLToPath(new URL('../../../../../shared/datasets/extraction-dev/', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

async function extract(path: string, maxRowsPerSheet?: number) {
  const input = await extractionInput(path, dir);
  const out = await new SpreadsheetExtractor({ maxRowsPerSheet }).extract(input);
  expectConsistentOffsets(out);
  return out;
}

const blocksOf = (out: Awaited<ReturnType<typeof extract>>, kind: string): string[] =>
  out.blocks.filter((b) => b.kind === kind).map((b) => out.text.slice(b.start, b.end));

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const rels = (list: [string, string, string][]): string =>
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${list
    .map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`)
    .join('')}</Relationships>`;
const row = (r: number, cells: string): string => `<row r="${r}">${cells}</row>`;

/** A workbook in the 1904 date system: two sheets sharing a footer, comments, styled numbers, five data rows. */
async function writeWorkbook(path: string): Promise<void> {
  const data = [1, 2, 3, 4, 5].map((n) =>
    row(n + 1, `<c r="A${n + 1}" t="s"><v>1</v></c><c r="B${n + 1}"><v>${n}</v></c>`),
  );
  await writeZip(path, [
    {
      name: 'xl/workbook.xml',
      data: `<workbook xmlns:r="${REL}"><workbookPr date1904="1"/><sheets><sheet name="Sales" r:id="rId1"/><sheet name="Plan" r:id="rId2"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: rels([
        ['rId1', 'worksheet', 'worksheets/sheet1.xml'],
        ['rId2', 'worksheet', 'worksheets/sheet2.xml'],
        ['rId3', 'styles', 'styles.xml'],
        ['rId4', 'sharedStrings', 'sharedStrings.xml'],
        ['rId5', 'person', 'persons/person.xml'],
      ]),
    },
    {
      name: 'xl/styles.xml',
      data: '<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="8"/></cellXfs></styleSheet>',
    },
    {
      name: 'xl/sharedStrings.xml',
      data: '<sst><si><t>Day</t></si><si><r><t>Bo</t></r><r><t>ok</t></r><rPh><t>ブック</t></rPh></si></sst>',
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: `<worksheet><sheetData>${row(1, '<c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Price</t></is></c>')}${row(2, '<c r="A2" s="1"><v>37757</v></c><c r="B2" s="2"><v>-1234.5</v></c>')}</sheetData><headerFooter><oddHeader>&amp;LContract 4711</oddHeader><oddFooter>&amp;CPage &amp;P of &amp;N&amp;RAcme &amp;&amp; Sons</oddFooter></headerFooter></worksheet>`,
    },
    {
      name: 'xl/worksheets/_rels/sheet1.xml.rels',
      data: rels([
        ['rId1', 'comments', '../comments1.xml'],
        ['rId2', 'threadedComment', '../threadedComments/threadedComment1.xml'],
      ]),
    },
    {
      name: 'xl/comments1.xml',
      data: '<comments><authors><author>Eva</author><author>tc={1}</author></authors><commentList><comment ref="A1" authorId="0"><text><r><t>Check the day</t></r></text></comment><comment ref="B1" authorId="1"><text><t>[Threaded comment] legacy copy</t></text></comment></commentList></comments>',
    },
    {
      name: 'xl/threadedComments/threadedComment1.xml',
      data: '<ThreadedComments><threadedComment ref="B1" personId="{P1}" id="{1}"><text>Prices include VAT</text></threadedComment></ThreadedComments>',
    },
    {
      name: 'xl/persons/person.xml',
      data: '<personList><person displayName="Jan Nowak" id="{P1}"/></personList>',
    },
    {
      name: 'xl/worksheets/sheet2.xml',
      data: `<worksheet><sheetData>${row(1, '<c r="A1" t="s"><v>1</v></c>')}${data.join('')}</sheetData><headerFooter><oddFooter>&amp;CPage &amp;P of &amp;N&amp;RAcme &amp;&amp; Sons</oddFooter></headerFooter></worksheet>`,
    },
  ]);
}

describe('SpreadsheetExtractor (xlsx as displayed)', () => {
  it('shows cells with their number formats applied (currency, percent, scientific, fraction, dates, times)', async () => {
    const out = await extract(join(CORPUS, 'testEXCEL-formats.xlsx'));
    const table = blocksOf(out, 'table').join('\n');
    for (const shown of ['1,599.99\t-1,599.99', '$1,599.99\t($1,599.99)', '1.98E+08', '3%\t2.50%', '2 1/2']) {
      expect(table).toContain(shown);
    }
    for (const shown of ['6:15 AM\t6:15 PM', '6:15\t18:15', '17-May-07', '1/19/08 4:35'])
      expect(table).toContain(shown);
    expect(table).not.toMatch(/2\.5000000000000001E-2|33966\./u);
  });

  it('adds chart labels, text boxes and SmartArt after the cells of their sheet', async () => {
    const charts = await extract(join(CORPUS, 'testEXCEL_charts.xlsx'));
    expect(blocksOf(charts, 'chart')).toEqual([expect.stringMatching(/^wants a peach\nNUMBER\nJanuary\n/u)]);
    expect(charts.blocks.at(-1)).toMatchObject({ kind: 'chart', page: 1 });
    const box = await extract(join(CORPUS, 'testEXCEL_textbox.xlsx'));
    expect(blocksOf(box, 'shape')).toEqual(['this is some autoshape text']);
    const smartArt = await extract(join(CORPUS, 'testEXCEL_diagramData.xlsx'));
    expect(blocksOf(smartArt, 'shape')).toEqual(['SmartArt text#1.\nSmartArt text#2.\nSmartArt text#3.']);
  });

  it('reads a 1904 workbook with headers and footers once, threaded comments over their legacy copies, and a row limit', async () => {
    const path = join(dir, 'book.xlsx');
    await writeWorkbook(path);
    const out = await extract(path, 3);
    expect(out.text.split('\n\n')).toEqual([
      'Sales',
      'Day\tPrice\n2007-05-17\t($1,234.50)',
      'Contract 4711',
      'Acme & Sons',
      'Jan Nowak: Prices include VAT',
      'Eva: Check the day',
      'Plan',
      'Book\nBook\t1\nBook\t2',
    ]);
    expect(out.blocks.map((b) => [b.kind, b.page])).toEqual([
      ['heading', 1],
      ['table', 1],
      ['header', 1],
      ['footer', 1],
      ['comment', 1],
      ['comment', 1],
      ['heading', 2],
      ['table', 2],
    ]);
    expect(out.warnings).toEqual(['Sheet "Plan": rows 4–6 not extracted (3 rows past the limit of 3)']);
  });
});
