import { describe, expect, it } from 'vitest';
import { joinLines, layoutParagraphs, parsePdfDate, type PdfTextItem } from './pdf-layout.js';

function item(
  str: string,
  x: number,
  y: number,
  opts: { size?: number; width?: number; eol?: boolean } = {},
): PdfTextItem {
  const size = opts.size ?? 10;
  return {
    str,
    transform: [size, 0, 0, size, x, y],
    width: opts.width ?? str.length * size * 0.5,
    height: size,
    hasEOL: opts.eol ?? false,
  };
}

describe('layoutParagraphs', () => {
  it('joins glyph runs of one baseline, inserting a space only where they leave a gap', () => {
    const items = [
      item('Hel', 0, 100, { width: 15 }),
      item('lo', 15, 100, { width: 10 }),
      item('world', 40, 100),
    ];
    expect(layoutParagraphs(items)).toEqual(['Hello world']);
  });

  it('starts a paragraph at a gap wider than the line spacing and when the text moves up into a new column', () => {
    const items = [
      item('one', 0, 700, { eol: true }),
      item('two', 0, 688, { eol: true }),
      item('three', 0, 676, { eol: true }),
      item('after gap', 0, 640, { eol: true }),
      item('next column', 300, 700),
    ];
    expect(layoutParagraphs(items)).toEqual(['one two three', 'after gap', 'next column']);
  });

  it('separates a line in a much larger font (a heading) from the body', () => {
    const items = [item('Title', 0, 700, { size: 18, eol: true }), item('body line', 0, 682, { eol: true })];
    expect(layoutParagraphs(items)).toEqual(['Title', 'body line']);
  });

  it('ignores empty marker items and whitespace-only lines', () => {
    expect(layoutParagraphs([item('', 0, 10, { eol: true }), item('  ', 0, 0), item('x', 0, 700)])).toEqual([
      'x',
    ]);
  });
});

describe('joinLines', () => {
  it('undoes hyphenation before a lower-case continuation and soft hyphens, keeps real hyphens', () => {
    expect(joinLines(['infor-', 'mation', 'Anglo-', 'Saxon', 'soft\u00AD', 'ware'])).toBe(
      'information Anglo- Saxon software',
    );
  });
});

describe('parsePdfDate', () => {
  it('parses full dates with time zone offsets into UTC ISO strings', () => {
    expect(parsePdfDate("D:20240305102030+02'00'")).toBe('2024-03-05T08:20:30.000Z');
    expect(parsePdfDate('D:20240305102030Z')).toBe('2024-03-05T10:20:30.000Z');
    expect(parsePdfDate("D:19991231235959-05'30")).toBe('2000-01-01T05:29:59.000Z');
  });

  it('fills missing parts after the year and rejects what is not a date', () => {
    expect(parsePdfDate('D:2023')).toBe('2023-01-01T00:00:00.000Z');
    expect(parsePdfDate('D:202306')).toBe('2023-06-01T00:00:00.000Z');
    expect(parsePdfDate('yesterday')).toBeUndefined();
    expect(parsePdfDate('D:20231340')).toBeUndefined();
    expect(parsePdfDate(undefined)).toBeUndefined();
  });
});
