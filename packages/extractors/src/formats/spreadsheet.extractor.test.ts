import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { MAX_COLUMNS } from './sheet-writer.js';
import { SpreadsheetExtractor } from './spreadsheet.extractor.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

async function extract(name: string, extension?: string) {
  const input = await extractionInput(join(FIXTURES, name), dir, extension ? { extension } : {});
  return new SpreadsheetExtractor().extract(input);
}

const itemRows = (from: number, to: number): string[] =>
  Array.from(
    { length: to - from + 1 },
    (_, k) => `Item ${from + k}\t${(from + k) * 10}\t${(from + k) % 2 === 0 ? 1 : 0}`,
  );

describe('SpreadsheetExtractor', () => {
  it('writes each xlsx sheet as a page: name heading, then table blocks of 50 lines repeating the header', async () => {
    const out = await extract('sample.xlsx');
    expect(expectConsistentOffsets(out)).toEqual([
      'Budget',
      ['Item\tAmount\tPaid', ...itemRows(1, 49)].join('\n'),
      ['Item\tAmount\tPaid', ...itemRows(50, 60)].join('\n'),
      'Notes Ü',
      'Key\tValue\nGrüße aus Łódź\tZażółć\nGap\t\t\t\tfar right',
    ]);
    expect(out.blocks.map((b) => [b.kind, b.level, b.page])).toEqual([
      ['heading', 1, 1],
      ['table', undefined, 1],
      ['table', undefined, 1],
      ['heading', 1, 2],
      ['table', undefined, 2],
    ]);
    expect(out.pages.map((p) => p.number)).toEqual([1, 2]);
    expect(out.metadata).toMatchObject({ title: 'Budget 2025', author: 'Eva Brandt', pageCount: 2 });
    expect(out.extractor.name).toBe('saxes');
  });

  it('reads the same workbook saved as .ods into the same text and structure', async () => {
    const [xlsx, ods] = await Promise.all([extract('sample.xlsx'), extract('sample.ods')]);
    expectConsistentOffsets(ods);
    expect(ods.text).toBe(xlsx.text);
    expect(ods.blocks).toEqual(xlsx.blocks);
    expect(ods.pages).toEqual(xlsx.pages);
    expect(ods.metadata).toMatchObject({ title: 'Budget 2025', author: 'Eva Brandt', pageCount: 2 });
  });

  it('follows workbook tab order and reads inline, rich, boolean, error and formula cells', async () => {
    const out = await extract('edge.xlsx');
    expect(expectConsistentOffsets(out)).toEqual([
      'Zweite & erste',
      '\tonly B1',
      'First',
      // Row 3 has gaps (A, D, E); the last row has no cell references at all.
      'Name\tInline\nGrüße aus Łódź\t\t\tTRUE\t#DIV/0!\nNamex\t3.25\tpadded &€',
    ]);
    expect(out.warnings).toEqual([]);
  });

  it('does not expand a million repeated empty ODS rows and caps repeated cells at the column limit', async () => {
    const out = await extract('repeated.ods');
    const [heading, table] = expectConsistentOffsets(out);
    expect(heading).toBe('Huge');
    const lines = table!.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('Head');
    expect(lines[1]!.split('\t')).toEqual(['same', ...Array<string>(MAX_COLUMNS - 1).fill('7')]);
    expect(new Set(lines.slice(1)).size).toBe(1);
    expect(out.warnings).toEqual([`Sheet "Huge": cells beyond column ${MAX_COLUMNS} were left out`]);
  });

  it('fails with DOCUMENT_CORRUPT for a ZIP package that is not a workbook', async () => {
    await expect(extract('sample.docx', 'xlsx')).rejects.toMatchObject({
      code: 'DOCUMENT_CORRUPT',
      retryable: false,
      details: { missingPart: 'xl/workbook.xml' },
    });
    await expect(extract('sample.docx', 'ods')).rejects.toMatchObject({
      code: 'DOCUMENT_CORRUPT',
      details: { missingPart: 'content.xml' },
    });
  });
});
