import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { PptxExtractor } from './pptx.extractor.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

describe('PptxExtractor', () => {
  it('reads each slide as a page: title heading, bullet list, text, table and speaker notes as a note', async () => {
    const progress: number[] = [];
    const input = await extractionInput(join(FIXTURES, 'sample.pptx'), dir, {
      onProgress: (f) => progress.push(f),
    });
    const out = await new PptxExtractor().extract(input);
    expect(expectConsistentOffsets(out)).toEqual([
      'Roadmap 2025',
      '- Ship search\n- Zażółć gęślą jaźń\n- Harden ingestion',
      'Mention the budget first.',
      'Milestones',
      'Dates are estimates.',
      'Phase\tStart\tOwner\nAlpha\tMarch\tAnn\nBeta\tJune\tBo',
      'Beta may slip.',
    ]);
    expect(out.blocks.map((b) => [b.kind, b.level, b.page])).toEqual([
      ['heading', 1, 1],
      ['list', undefined, 1],
      ['note', undefined, 1],
      ['heading', 1, 2],
      ['paragraph', undefined, 2],
      ['table', undefined, 2],
      ['note', undefined, 2],
    ]);
    expect(out.pages.map((p) => out.text.slice(p.start, p.end).split('\n\n')[0])).toEqual([
      'Roadmap 2025',
      'Milestones',
    ]);
    expect(progress).toEqual([0.5, 1]);
  });

  it('reads title, author and the slide count', async () => {
    const out = await new PptxExtractor().extract(await extractionInput(join(FIXTURES, 'sample.pptx'), dir));
    expect(out.metadata).toMatchObject({
      title: 'Roadmap 2025',
      author: 'Jan Nowak',
      subject: 'Planning',
      pageCount: 2,
    });
    expect(out.extractor.name).toBe('fast-xml-parser');
  });

  it('fails with DOCUMENT_CORRUPT for a file that is not a ZIP package', async () => {
    const input = await extractionInput(join(FIXTURES, 'sample.rtf'), dir, { extension: 'pptx' });
    await expect(new PptxExtractor().extract(input)).rejects.toMatchObject({
      code: 'DOCUMENT_CORRUPT',
      retryable: false,
    });
  });
});
