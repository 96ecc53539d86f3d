import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@sift/core';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { DocxExtractor } from './docx.extractor.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

describe('DocxExtractor', () => {
  it('reads headings with levels, paragraphs, a bullet list block and a table block', async () => {
    const out = await new DocxExtractor().extract(await extractionInput(join(FIXTURES, 'sample.docx'), dir));
    expect(expectConsistentOffsets(out)).toEqual([
      'Quarterly Report',
      'Zażółć gęślą jaźń. Grüße aus Köln.',
      'Findings',
      'Revenue grew in every region.',
      '- North up 12%\n- South up 7%\n- West flat',
      'Region\tQ1\tQ2\nNorth\t100\t112\nSouth\t90\t96',
      'Straße und Łódź bleiben.',
    ]);
    expect(out.blocks.map((b) => [b.kind, b.level])).toEqual([
      ['heading', 1],
      ['paragraph', undefined],
      ['heading', 2],
      ['paragraph', undefined],
      ['list', undefined],
      ['table', undefined],
      ['paragraph', undefined],
    ]);
    expect(out.pages).toEqual([]);
    expect(out.extractor.name).toBe('fast-xml-parser');
    expect(out.extractor.version).toMatch(/^\d+\.\d+\.\d+/u);
  });

  it('reads title, author, subject, keywords and dates from the core properties', async () => {
    const out = await new DocxExtractor().extract(await extractionInput(join(FIXTURES, 'sample.docx'), dir));
    expect(out.metadata).toMatchObject({
      title: 'Quarterly Report',
      author: 'Zofia Kowalska',
      subject: 'Finance',
      keywords: ['report', 'finance'],
    });
    expect(out.metadata.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u);
    expect(out.metadata.modifiedAt).toBe(out.metadata.createdAt);
  });

  it('fails with DOCUMENT_CORRUPT for a file that is not a ZIP package', async () => {
    const path = join(dir, 'fake.docx');
    await writeFile(path, 'this is plain text, not a Word document');
    const err = await new DocxExtractor().extract(await extractionInput(path, dir)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', retryable: false });
  });

  it('fails with DOCUMENT_CORRUPT for a ZIP package without a Word body', async () => {
    const path = join(dir, 'sheet.docx');
    await copyFile(join(FIXTURES, 'sample.xlsx'), path);
    const err = await new DocxExtractor().extract(await extractionInput(path, dir)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', details: { missingPart: 'word/document.xml' } });
  });
});
