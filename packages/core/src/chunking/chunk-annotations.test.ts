import { describe, expect, it } from 'vitest';
import type { PageSpan } from '../ingest/extraction.types.js';
import { annotateChunks } from './chunk-annotations.js';
import { chunkDocument } from './chunk-document.js';
import { doc, paragraph } from './test-documents.js';

describe('chunk annotations', () => {
  it('gives each chunk the range of pages it overlaps', () => {
    const d = doc(
      Array.from({ length: 9 }, (_, i) => ['paragraph', paragraph(i, 3), { page: Math.floor(i / 3) + 1 }]),
    );
    // Pages as extractors report them: spans over the blocks of each page.
    const pages: PageSpan[] = [1, 2, 3].map((number) => {
      const own = d.blocks.filter((b) => b.page === number);
      return { number, start: own[0]!.start, end: own.at(-1)!.end };
    });
    const pageAt = (pos: number) => pages.find((p) => pos >= p.start && pos < p.end)!.number;
    const chunks = chunkDocument({ ...d, pages }, { strategy: 'recursive', size: 1000, overlap: 200 });
    for (const c of chunks) {
      expect(c.pageFrom).toBe(pageAt(c.startChar));
      expect(c.pageTo).toBe(pageAt(c.endChar - 1));
    }
    expect(chunks.some((c) => c.pageFrom! < c.pageTo!)).toBe(true);
    expect(chunks.at(-1)!.pageTo).toBe(3);
  });

  it('falls back to the pages of the blocks when the document has no page spans, and to null without either', () => {
    const d = doc([
      ['paragraph', 'First page text.', { page: 4 }],
      ['paragraph', 'Second page text.', { page: 5 }],
    ]);
    const [chunk] = chunkDocument(d, { strategy: 'structure', size: 1000, overlap: 0 });
    expect([chunk!.pageFrom, chunk!.pageTo]).toEqual([4, 5]);
    const [bare] = chunkDocument(
      { text: d.text, blocks: [], pages: [] },
      { strategy: 'structure', size: 1000, overlap: 0 },
    );
    expect([bare!.pageFrom, bare!.pageTo]).toEqual([null, null]);
  });

  it('gives chunks of a transcript the time range and lowest confidence of their segments', () => {
    const segments = Array.from(
      { length: 30 },
      (_, i) =>
        [
          'segment',
          paragraph(i, 1),
          { timeStartMs: i * 4000, timeEndMs: i * 4000 + 3500, confidence: 0.5 + ((i * 7) % 10) / 20 },
        ] as const,
    );
    const d = doc(segments.map(([k, t, x]) => [k, t, { ...x }]));
    const chunks = chunkDocument(d, { strategy: 'structure', size: 600, overlap: 100 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      const covered = d.blocks.filter((b) => b.start < c.endChar && b.end > c.startChar);
      expect(c.timeStartMs).toBe(covered[0]!.timeStartMs);
      expect(c.timeEndMs).toBe(covered.at(-1)!.timeEndMs);
      expect(c.confidence).toBe(Math.min(...covered.map((b) => b.confidence!)));
    }
    const ordered = chunks.map((c) => c.timeStartMs!);
    expect([...ordered].sort((a, b) => a - b)).toEqual(ordered);
  });

  it('pops headings of the same or deeper level off the path, treating a heading without level as level 1', () => {
    const d = doc([
      ['heading', 'A', { level: 1 }],
      ['heading', 'B', { level: 2 }],
      ['heading', 'C', { level: 3 }],
      ['paragraph', 'under c'],
      ['heading', 'D', { level: 2 }],
      ['paragraph', 'under d'],
      ['heading', 'E'],
      ['paragraph', 'under e'],
      ['heading', 'F', { level: 4 }],
      ['paragraph', 'under f'],
    ]);
    const spanOf = (s: string) => ({ start: d.text.indexOf(s), end: d.text.indexOf(s) + s.length });
    const paths = annotateChunks(
      d.text,
      ['under c', 'under d', 'under e', 'under f'].map(spanOf),
      d.blocks,
      [],
    ).map((a) => a.headingPath);
    expect(paths).toEqual([['A', 'B', 'C'], ['A', 'D'], ['E'], ['E', 'F']]);
  });

  it('files a chunk that opens with headings under them, and one made only of headings under all of them', () => {
    const d = doc([
      ['paragraph', 'intro'],
      ['heading', 'Top', { level: 1 }],
      ['heading', 'Sub', { level: 2 }],
      ['paragraph', 'body'],
    ]);
    const top = d.text.indexOf('Top');
    const sub = d.text.indexOf('Sub');
    const [opening, onlyHeadings, intro] = annotateChunks(
      d.text,
      [
        { start: top, end: d.text.length },
        { start: top, end: sub + 3 },
        { start: 0, end: 5 },
      ],
      d.blocks,
      [],
    );
    expect(opening!.headingPath).toEqual(['Top', 'Sub']);
    expect(onlyHeadings!.headingPath).toEqual(['Top', 'Sub']);
    expect(intro!.headingPath).toEqual([]);
  });
});
