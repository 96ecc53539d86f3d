import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { OdfTextExtractor } from './odf-text.extractor.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

async function extract(name: string, extension?: string) {
  const input = await extractionInput(join(FIXTURES, name), dir, extension ? { extension } : {});
  return new OdfTextExtractor().extract(input);
}

const kinds = (out: Awaited<ReturnType<typeof extract>>) => out.blocks.map((b) => [b.kind, b.level ?? null]);

describe('OdfTextExtractor', () => {
  it('reads an .odt converted from Word: heading styles, paragraphs, list and table blocks, metadata', async () => {
    const out = await extract('sample.odt');
    expect(expectConsistentOffsets(out)).toEqual([
      'Quarterly Report',
      'Zażółć gęślą jaźń. Grüße aus Köln.',
      'Findings',
      'Revenue grew in every region.',
      '- North up 12%\n- South up 7%\n- West flat',
      'Region\tQ1\tQ2\nNorth\t100\t112\nSouth\t90\t96',
      'Straße und Łódź bleiben.',
    ]);
    expect(kinds(out)).toEqual([
      ['heading', 1],
      ['paragraph', null],
      ['heading', 2],
      ['paragraph', null],
      ['list', null],
      ['table', null],
      ['paragraph', null],
    ]);
    expect(out.metadata).toMatchObject({
      title: 'Quarterly Report',
      author: 'Zofia Kowalska',
      keywords: ['report', 'finance'],
    });
    expect(out.pages).toEqual([]);
  });

  it('reads native ODF structure, leaves out tracked deletions and the table of contents, keeps footnotes apart', async () => {
    const out = await extract('native.odt');
    expect(expectConsistentOffsets(out)).toEqual([
      'Intro',
      'Spaced   out\ttabbed\nnext line.',
      'Styled chapter',
      '- one\n  - one.a\n- two',
      'Deep',
      'K\tV\na b\t\tx\tx',
      'Anchor',
      'Boxed text',
      '1 footnote text',
    ]);
    expect(kinds(out)).toEqual([
      ['heading', 1],
      ['paragraph', null],
      ['heading', 2],
      ['list', null],
      ['heading', 6],
      ['table', null],
      ['paragraph', null],
      ['shape', null],
      ['note', null],
    ]);
    expect(out.text).not.toMatch(/deleted words|\.\.\.\.\.\.\./u);
    expect(out.metadata).toEqual({
      title: 'Native',
      author: 'Ida Król',
      createdAt: '2024-02-29T12:00:00.123Z',
      language: 'pl',
      pageCount: 3,
    });
  });

  it('reads an .odp as one page per slide with title headings, lists, tables and speaker notes', async () => {
    const out = await extract('sample.odp');
    expect(expectConsistentOffsets(out)).toEqual([
      'Roadmap 2025',
      '- Ship search\n- Zażółć gęślą jaźń\n- Harden ingestion',
      'Mention the budget first.',
      'Milestones',
      'Dates are estimates.',
      'Phase\tStart\tOwner\nAlpha\tMarch\tAnn\nBeta\tJune\tBo',
      'Beta may slip.',
    ]);
    expect(out.blocks.map((b) => b.page)).toEqual([1, 1, 1, 2, 2, 2, 2]);
    expect(out.blocks.map((b) => b.kind)).toEqual([
      'heading',
      'list',
      'note',
      'heading',
      'paragraph',
      'table',
      'note',
    ]);
    expect(out.pages.map((p) => p.number)).toEqual([1, 2]);
    expect(out.metadata).toMatchObject({ title: 'Roadmap 2025', author: 'Jan Nowak', pageCount: 2 });
  });

  it('fails with DOCUMENT_CORRUPT for a ZIP package without content.xml', async () => {
    await expect(extract('sample.docx', 'odt')).rejects.toMatchObject({
      code: 'DOCUMENT_CORRUPT',
      retryable: false,
      details: { missingPart: 'content.xml' },
    });
  });
});
