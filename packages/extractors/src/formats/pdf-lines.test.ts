import { describe, expect, it } from 'vitest';
import type { PdfTextItem } from './pdf-layout.js';
import { buildLines } from './pdf-lines.js';

/** A glyph run at (x, y), 0.5 em wide per character unless `width` is given. */
function run(
  str: string,
  x: number,
  y = 100,
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

/** Runs of single letters, `tracking` apart, `wordGap` more between words. */
function spaced(text: string, tracking: number, wordGap: number): PdfTextItem[] {
  const items: PdfTextItem[] = [];
  let x = 0;
  for (const word of text.split(' ')) {
    for (const ch of word) {
      items.push(run(ch, x, 100, { width: 5 }));
      x += 5 + tracking;
    }
    x += wordGap;
  }
  return items;
}

const texts = (items: PdfTextItem[]): string[] => buildLines(items).map((l) => l.text);

describe('buildLines', () => {
  it('joins letter-spaced glyphs into words and keeps the wider word gaps', () => {
    expect(texts(spaced('Here is a test', 1.5, 3))).toEqual(['Here is a test']);
    expect(texts(spaced('Tracking wider than a space', 3, 2.5))).toEqual(['Tracking wider than a space']);
  });

  it('leaves single letters and digits with ordinary word gaps apart', () => {
    expect(texts([run('x', 0), run('and', 8), run('y', 28)])).toEqual(['x and y']);
    expect(texts(['1', '2', '3', '4', '5'].map((d, i) => run(d, i * 8, 100, { width: 5 })))).toEqual([
      '1 2 3 4 5',
    ]);
  });

  it('joins runs that touch (a font change inside a word) and spaces runs a word gap apart', () => {
    expect(texts([run('Bold', 0, 100, { width: 20 }), run('face', 20), run('text', 43)])).toEqual([
      'Boldface text',
    ]);
  });

  it('starts a new line at a line end, a new baseline, or a jump back over the line’s own text', () => {
    const items = [
      run('Text the first time', 0),
      run('Text the second time', 0),
      run('next', 0, 80, { eol: true }),
      run('line', 30, 80),
    ];
    expect(texts(items)).toEqual(['Text the first time', 'Text the second time', 'next', 'line']);
  });

  it('splits a line into segments at gaps wider than 1.2 em', () => {
    const [line] = buildLines([run('Name', 0), run('Alice', 23, 100, { width: 25 }), run('42', 100)]);
    expect(line!.segments.map((s) => [s.text, s.x, s.endX])).toEqual([
      ['Name Alice', 0, 48],
      ['42', 100, 110],
    ]);
    expect(line!.text).toBe('Name Alice 42');
  });

  it('keeps characters outside the BMP whole and drops NUL placeholders', () => {
    expect(texts([run('\u{1D400}\u{1F600}', 0), run('\0\0', 30), run('\u{2000B}', 60)])).toEqual([
      '\u{1D400}\u{1F600} \u{2000B}',
    ]);
  });
});
