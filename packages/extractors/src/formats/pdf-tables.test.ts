import { describe, expect, it } from 'vitest';
import type { Line, Segment } from './pdf-lines.js';
import { findTables } from './pdf-tables.js';

/** A line at `y` whose segments start at the given x positions, 5 pt per character. */
function line(y: number, cells: [string, number][]): Line {
  const segments: Segment[] = cells.map(([text, x]) => ({ text, x, endX: x + text.length * 5 }));
  return {
    text: cells.map((c) => c[0]).join(' '),
    x: segments[0]!.x,
    endX: segments.at(-1)!.endX,
    y,
    size: 10,
    segments,
  };
}

describe('findTables', () => {
  it('finds three or more aligned rows of two or more cells', () => {
    const lines = [
      line(200, [['An introduction in one segment', 0]]),
      line(180, [
        ['Item', 0],
        ['Qty', 200],
      ]),
      line(168, [
        ['Apples', 0],
        ['4', 200],
      ]),
      line(156, [
        ['Pears', 0],
        ['12', 200],
      ]),
      line(130, [['After the table', 0]]),
    ];
    expect(findTables(lines)).toEqual([
      {
        start: 1,
        end: 4,
        rows: [
          ['Item', 'Qty'],
          ['Apples', '4'],
          ['Pears', '12'],
        ],
      },
    ]);
  });

  it('finds no table in two rows, rows far apart, columns that overlap, or two columns of prose', () => {
    const twoRows = [
      line(180, [
        ['a', 0],
        ['b', 100],
      ]),
      line(168, [
        ['c', 0],
        ['d', 100],
      ]),
    ];
    const farApart = [0, 1, 2].map((i) =>
      line(500 - i * 100, [
        ['a', 0],
        ['b', 100],
      ]),
    );
    const overlapping = [
      line(180, [
        ['short', 0],
        ['x', 100],
      ]),
      line(168, [
        ['a much longer first cell', 0],
        ['y', 130],
      ]),
      line(156, [
        ['z', 0],
        ['w', 100],
      ]),
    ];
    const prose = [0, 1, 2].map((i) =>
      line(180 - i * 12, [
        ['the left column of an article runs on', 0],
        ['while the right column says another thing', 250],
      ]),
    );
    for (const lines of [twoRows, farApart, overlapping, prose]) expect(findTables(lines)).toEqual([]);
  });
});
